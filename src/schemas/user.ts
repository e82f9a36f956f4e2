import { z } from "zod";
import { pageInput } from "./page";

export const roles = ["user", "admin"] as const;

export const userListInput = z.strictObject(pageInput);

export const roleChangeInput = z.strictObject({ userId: z.uuid(), role: z.enum(roles) });
