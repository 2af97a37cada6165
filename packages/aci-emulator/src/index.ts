// The ACI emulator (an ARM-compatible HTTPS server for Microsoft.ContainerInstance) lands with its own
// issue; this package only holds its place in the workspace.
export {};
