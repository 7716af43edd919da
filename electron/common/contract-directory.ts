/** IPC channels of the inbox directory (filled in by the directory work). */
export const directoryChannels = {} as const;
