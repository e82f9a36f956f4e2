import { createServer, type Server } from "node:http";
import { describe, expect, it } from "vitest";
import { openPort, PortInUseError } from "../../../supabase/local/ports.ts";

const listen = (server: Server, port: number) =>
  new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });

describe("opening the stack's ports", () => {
  it("names a taken port, the config.toml setting that chose it and the process holding it", async () => {
    const holder = createServer();
    await listen(holder, 0);
    const address = holder.address();
    if (!address || typeof address === "string") throw new Error("no port");
    try {
      const opening = openPort(address.port, "[api] port", () => listen(createServer(), address.port));

      await expect(opening).rejects.toBeInstanceOf(PortInUseError);
      await expect(opening).rejects.toThrow(
        new RegExp(
          `^Port ${address.port} is already in use by \\S+ \\(pid ${process.pid}\\)\\. ` +
            "supabase/config.toml sets it \\(\\[api\\] port\\): stop that process, or choose another port there\\.$",
        ),
      );
    } finally {
      holder.close();
    }
  });
});
