// What a concern may carry as evidence (photos, letters). Types are judged from the file's own
// bytes, never from its name or the browser's claim, so a script cannot pass as a photo.

export const maxAttachmentBytes = 10 * 1024 * 1024;

export const attachmentTypes: Record<string, string> = {
  'image/jpeg': 'JPEG photo',
  'image/png': 'PNG image',
  'image/heic': 'HEIC photo',
  'application/pdf': 'PDF document',
};

export type AttachmentCheck = { ok: true } | { ok: false; message: string };

/** Whether an upload may be kept: present, small enough, and of an allowed type by its content. */
export function checkAttachment(file: {
  size: number;
  truncated: boolean;
  sniffedType: string | null;
}): AttachmentCheck {
  if (file.size === 0) return { ok: false, message: 'Select a file' };
  if (file.truncated || file.size > maxAttachmentBytes)
    return { ok: false, message: 'The file must be smaller than 10MB' };
  if (!file.sniffedType || !(file.sniffedType in attachmentTypes)) {
    return { ok: false, message: 'The file must be a JPEG, PNG or HEIC photo, or a PDF' };
  }
  return { ok: true };
}

/** A display name safe to show and to put in a download header: no paths, no control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((ch) => ch >= ' ' && ch !== '\u007f' && !'"<>:|?*'.includes(ch)).join('');
  return printable.trim().slice(0, 120) || 'attachment';
}
