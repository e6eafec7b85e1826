export { RealtimeProvider, useRealtime, useRealtimeEvent, useRealtimeResync } from "./RealtimeProvider";
export type { RealtimeEvent, RealtimeState, ResyncReason } from "./client";
export { INVALIDATION_RULES } from "./invalidation";
