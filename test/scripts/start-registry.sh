#!/usr/bin/env bash
# Starts two image registries on loopback for the contract suite's image-pull tests, with a copy of the
# test image in each: one open, one behind htpasswd basic auth (Debian's `docker-registry`, i.e. the
# CNCF distribution registry). Prints the variables the suite reads, so:
#
#   eval "$(test/scripts/start-registry.sh)"          # start (or reuse) and export
#   test/scripts/start-registry.sh --stop             # stop both
#
# Plain HTTP is fine: the Docker Engine treats 127.0.0.0/8 registries as insecure registries.
# Environment (all optional):
#   CONTAINER_HOOK_REGISTRY_DIR    state folder (configs, data, pids, password); default /tmp/container-hook-registry
#   CONTAINER_HOOK_REGISTRY_PORT   the open registry's port; default 5055 (the authenticated one uses the next port)
#   CONTAINER_HOOK_REGISTRY_SOURCE_IMAGE  the local image to push; default container-hook/busybox:local
# Progress goes to stderr; only `export …` lines go to stdout.
set -euo pipefail

dir=${CONTAINER_HOOK_REGISTRY_DIR:-/tmp/container-hook-registry}
open_port=${CONTAINER_HOOK_REGISTRY_PORT:-5055}
auth_port=$((open_port + 1))
source_image=${CONTAINER_HOOK_REGISTRY_SOURCE_IMAGE:-container-hook/busybox:local}
repository=container-hook/busybox:contract
user=contract

log() { echo "start-registry: $*" >&2; }

stop_one() {
  local pidfile=$1
  if [[ -f $pidfile ]]; then
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" && log "stopped registry pid $pid"; fi
    rm -f "$pidfile"
  fi
}

if [[ ${1:-} == --stop ]]; then
  stop_one "$dir/open.pid"
  stop_one "$dir/auth.pid"
  exit 0
fi

if ! command -v docker-registry >/dev/null || ! command -v htpasswd >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    log "docker-registry or htpasswd is missing; install them: apt-get install -y docker-registry apache2-utils"
    exit 1
  fi
  log "installing docker-registry and apache2-utils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y docker-registry apache2-utils >&2 || { apt-get update >&2 && apt-get install -y docker-registry apache2-utils >&2; }
  # The package's own service (port 5000) is not used; stop it if the init system started it.
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then systemctl stop docker-registry || true; fi
fi

mkdir -p "$dir/open-data" "$dir/auth-data"
if [[ ! -s $dir/password ]]; then
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
  chmod 600 "$dir/password"
fi
password=$(cat "$dir/password")
# The registry accepts only bcrypt entries.
htpasswd -Bbn "$user" "$password" > "$dir/htpasswd"

write_config() { # name port auth?
  local name=$1 port=$2 auth=$3
  {
    echo "version: 0.1"
    echo "log: { level: warn }"
    echo "storage:"
    echo "  filesystem: { rootdirectory: $dir/$name-data }"
    echo "  delete: { enabled: true }"
    echo "http: { addr: \"127.0.0.1:$port\" }"
    if [[ $auth == yes ]]; then
      echo "auth:"
      echo "  htpasswd: { realm: container-hook-contract, path: $dir/htpasswd }"
    fi
  } > "$dir/$name.yml"
}

# Answers with the HTTP status of /v2/ (200 open, 401 behind auth), or 000.
status_of() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/" 2>/dev/null || true; }

start_one() { # name port auth? expected-status
  local name=$1 port=$2 auth=$3 expected=$4
  if [[ -f $dir/$name.pid ]] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null && [[ $(status_of "$port") == "$expected" ]]; then
    log "$name registry already running on 127.0.0.1:$port"
    return
  fi
  stop_one "$dir/$name.pid"
  if [[ $(status_of "$port") != 000 ]]; then
    log "port $port is taken by something else; set CONTAINER_HOOK_REGISTRY_PORT"
    exit 1
  fi
  write_config "$name" "$port" "$auth"
  nohup docker-registry serve "$dir/$name.yml" > "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
  for _ in $(seq 1 100); do
    [[ $(status_of "$port") == "$expected" ]] && { log "$name registry on 127.0.0.1:$port"; return; }
    sleep 0.1
  done
  log "the $name registry did not answer on 127.0.0.1:$port; see $dir/$name.log"
  exit 1
}

start_one open "$open_port" no 200
start_one auth "$auth_port" yes 401

# Push with a throw-away client config, so that no credential stays in ~/.docker/config.json (the
# backend reads it, which would make "pull without credentials fails" pass for the wrong reason).
docker_config=$(mktemp -d)
trap 'rm -rf "$docker_config"' EXIT
push() { # server
  local ref="$1/$repository"
  DOCKER_CONFIG=$docker_config docker tag "$source_image" "$ref"
  DOCKER_CONFIG=$docker_config docker push "$ref" >&2
  # Untag, so that the engine must pull it back.
  docker rmi "$ref" >/dev/null
}
push "127.0.0.1:$open_port"
printf '%s' "$password" | DOCKER_CONFIG=$docker_config docker login --username "$user" --password-stdin "127.0.0.1:$auth_port" >&2
push "127.0.0.1:$auth_port"

echo "export CONTAINER_HOOK_TEST_REGISTRY=127.0.0.1:$open_port"
echo "export CONTAINER_HOOK_TEST_AUTH_REGISTRY=127.0.0.1:$auth_port"
echo "export CONTAINER_HOOK_TEST_REGISTRY_USER=$user"
echo "export CONTAINER_HOOK_TEST_REGISTRY_PASSWORD=$password"
echo "export CONTAINER_HOOK_TEST_REGISTRY_IMAGE=$repository"
