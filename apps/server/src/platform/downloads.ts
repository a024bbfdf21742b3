/** Sending generated files as downloads. */
import type { FastifyReply } from 'fastify';

/**
 * Sends an xlsx as an attachment: an ASCII file name for old clients and the Chinese one in
 * `filename*` (RFC 6266), never cached.
 */
export function sendXlsx(reply: FastifyReply, body: Buffer | undefined, asciiName: string, displayName: string): FastifyReply {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${asciiName.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(displayName)}`)
    .header('cache-control', 'no-store')
    .send(body);
}
