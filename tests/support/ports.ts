import { createServer, type Server } from "node:http";

/** The port a server listening on 127.0.0.1:0 was given. */
export function portOf(server: Server) {
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("server has no port");
  return address.port;
}

/** A port free on 127.0.0.1 right now, for a process that must be told its port up front. */
export async function freePort() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = portOf(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
