#!/usr/bin/python3
"""The Python Azure SDK (Debian's python3-azure) against the ACI emulator.

Runs one container group through create, get (until its container ends), logs, list, delete and a get
after the delete, then reads the group list again with the default audience and with the managed-identity
credential. Prints one JSON line per step; exits 0 when every step ran (the caller checks the values).

Only the SDK's public constructors are used, with the arguments a user would give:

  ClientSecretCredential(tenant, client_id, secret, authority=URL, instance_discovery=False,
                         connection_verify=CA)
  ContainerInstanceManagementClient(credential, subscription, base_url=URL,
                                    credential_scopes=[URL + "/.default"], connection_verify=CA)

Environment: ACI_EMULATOR_URL, ACI_EMULATOR_CA (the emulator's CA certificate), AZURE_TENANT_ID,
AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID, ACI_IMAGE; optional IDENTITY_ENDPOINT and
IDENTITY_HEADER (the emulator's App Service style managed identity), ACI_RESOURCE_GROUP, ACI_GROUP_NAME.
"""
import json
import os
import sys
import time

from azure.core.exceptions import ResourceNotFoundError
from azure.identity import ClientSecretCredential, ManagedIdentityCredential
from azure.mgmt.containerinstance import ContainerInstanceManagementClient
from azure.mgmt.containerinstance.models import (
    Container,
    ContainerGroup,
    ResourceRequests,
    ResourceRequirements,
)

URL = os.environ["ACI_EMULATOR_URL"].rstrip("/")
CA = os.environ["ACI_EMULATOR_CA"]
TENANT = os.environ["AZURE_TENANT_ID"]
CLIENT_ID = os.environ["AZURE_CLIENT_ID"]
SECRET = os.environ["AZURE_CLIENT_SECRET"]
SUBSCRIPTION = os.environ["AZURE_SUBSCRIPTION_ID"]
IMAGE = os.environ["ACI_IMAGE"]
RESOURCE_GROUP = os.environ.get("ACI_RESOURCE_GROUP", "python-rg")
NAME = os.environ.get("ACI_GROUP_NAME", "hello-python")
COMMAND = ["sh", "-c", "echo hello from python; echo second line; exit 3"]


def emit(step, **values):
    print(json.dumps(dict(step=step, **values)), flush=True)


def new_client(credential, **kwargs):
    # retry_total=0: a failure shows at once instead of after azure-core's back-off.
    return ContainerInstanceManagementClient(
        credential, SUBSCRIPTION, base_url=URL, connection_verify=CA, retry_total=0, **kwargs
    )


def main():
    credential = ClientSecretCredential(
        TENANT, CLIENT_ID, SECRET, authority=URL, instance_discovery=False, connection_verify=CA
    )
    client = new_client(credential, credential_scopes=[URL + "/.default"])
    groups = client.container_groups

    group = ContainerGroup(
        location="westeurope",
        os_type="Linux",
        restart_policy="Never",
        containers=[
            Container(
                name=NAME,
                image=IMAGE,
                command=COMMAND,
                resources=ResourceRequirements(requests=ResourceRequests(cpu=1.0, memory_in_gb=1.0)),
            )
        ],
    )
    started = time.monotonic()
    created = groups.begin_create_or_update(RESOURCE_GROUP, NAME, group, polling_interval=0.2).result()
    emit("create", name=created.name, provisioningState=created.provisioning_state,
         seconds=round(time.monotonic() - started, 2))

    state, polls = None, 0
    while polls < 120:
        polls += 1
        got = groups.get(RESOURCE_GROUP, NAME)
        view = got.containers[0].instance_view
        state = view.current_state if view else None
        if state is not None and state.state == "Terminated":
            break
        time.sleep(0.25)
    emit("get", name=got.name, provisioningState=got.provisioning_state,
         state=state.state if state else None, exitCode=state.exit_code if state else None, polls=polls)

    logs = client.containers.list_logs(RESOURCE_GROUP, NAME, NAME)
    emit("logs", content=logs.content)

    emit("list", names=[g.name for g in groups.list_by_resource_group(RESOURCE_GROUP)])

    # The default audience: no credential_scopes, so https://management.azure.com/.default.
    default_audience = new_client(credential)
    emit("list-default-audience",
         names=[g.name for g in default_audience.container_groups.list_by_resource_group(RESOURCE_GROUP)])

    if os.environ.get("IDENTITY_ENDPOINT") and os.environ.get("IDENTITY_HEADER"):
        managed = ManagedIdentityCredential(connection_verify=CA)
        by_identity = new_client(managed, credential_scopes=[URL + "/.default"])
        emit("list-managed-identity",
             names=[g.name for g in by_identity.container_groups.list_by_resource_group(RESOURCE_GROUP)])

    groups.begin_delete(RESOURCE_GROUP, NAME, polling_interval=0.2).result()
    emit("delete", done=True)

    try:
        groups.get(RESOURCE_GROUP, NAME)
        emit("get-after-delete", error=None)
    except ResourceNotFoundError as error:
        emit("get-after-delete", error=type(error).__name__, code=error.error.code if error.error else None,
             status=error.status_code)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the test shows this line rather than a bare exit code
        emit("error", type=type(error).__name__, message=str(error))
        sys.exit(1)
