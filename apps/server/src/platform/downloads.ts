/** Sending generated files as downloads. */
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Sends `body` as an attachment of media type `type`, never cached. The `Content-Disposition`
 * (RFC 6266, built by the `content-disposition` package) carries `asciiName` in `filename` for old
 * clients (characters outside `A-Za-z0-9._-` become `_`) and `displayName` (Chinese) in
 * `filename*=UTF-8''…` (RFC 8187 percent-encoding), which the console and browsers prefer.
 */
function sendAttachment(reply: FastifyReply, type: string, body: Buffer | undefined, asciiName: string, displayName: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-disposition', contentDisposition(displayName, { fallback: asciiName.replace(/[^A-Za-z0-9._-]/g, '_') }))
    .header('cache-control', 'no-store')
    .send(body);
}

/** Sends an xlsx as an attachment (see {@link sendAttachment} for the two file names). */
export function sendXlsx(reply: FastifyReply, body: Buffer | undefined, asciiName: string, displayName: string): FastifyReply {
  return sendAttachment(reply, XLSX, body, asciiName, displayName);
}

/** Sends a docx (Word) as an attachment (see {@link sendAttachment} for the two file names). */
export function sendDocx(reply: FastifyReply, body: Buffer, asciiName: string, displayName: string): FastifyReply {
  return sendAttachment(reply, DOCX, body, asciiName, displayName);
}
