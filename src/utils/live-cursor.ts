import { createContext, useContext } from "react";

/**
 * The change-log position a page was rendered at (set by `pageData`): its live subscriptions
 * start there, so a change made between the render and the subscription is not missed.
 */
export const LiveCursorContext = createContext<string | null>(null);

export const useLiveCursor = () => useContext(LiveCursorContext);
