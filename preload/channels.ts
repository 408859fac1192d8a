/**
 * The IPC channel names, shared by the preload and main/ipc.ts. In their own file so the
 * preload bundle does not pull in zod with the rest of contract.ts (which re-exports them).
 */
export const IPC_CALL_CHANNEL = 'nexvio:call';
export const IPC_EVENT_CHANNEL = 'nexvio:event';
