import packageJson from "../../../package.json" with { type: "json" };
import { createTRPCRouter, publicProcedure } from "../trpc";

export const healthRouter = createTRPCRouter({
  check: publicProcedure.query(() => ({
    status: "ok" as const,
    version: packageJson.version,
    uptimeSeconds: Math.round(process.uptime()),
    time: new Date(),
  })),
});
