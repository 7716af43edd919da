/** IPC channels of attachment staging and checks (filled in by the attachments work). */
export const attachmentChannels = {} as const;
