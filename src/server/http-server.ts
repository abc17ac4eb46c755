/**
 * The HTTP server for the Express app. Express gives each request and response the
 * app's methods by changing its prototype (`Object.setPrototypeOf` in `app.handle`),
 * and V8 makes every object whose prototype changes slower to use from then on: an
 * Express hello world answered 8.2k requests/s here, against 21k when its objects are
 * born with those prototypes (autocannon, 50 connections). Node lets a server name the
 * classes of its requests and responses, so they are created with the app's prototypes
 * and Express's `setPrototypeOf` finds nothing to change.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/** Node's constructors are plain functions (not classes) and can run on an object made elsewhere. */
type Init<A extends unknown[]> = { call(self: object, ...args: A): void };

const isClass = (fn: unknown): boolean => /^class\b/.test(Function.prototype.toString.call(fn));

/**
 * The answer to a request Node cannot parse. The usual cause is a URL with raw UTF-8 in
 * it (`curl '…?q=乳山'`): Node refuses it before any route runs, with an empty 400.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || (err.code !== undefined && !err.code.startsWith('HPE_'))) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    error: tooLarge
      ? { code: 'headers_too_large', message: 'request headers too large' }
      : { code: 'bad_request', message: 'malformed request: percent-encode the URL (curl -G --data-urlencode "q=…")' },
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * An `http.Server` answering with `app`, like `app.listen`'s, with requests and responses born as Express's.
 *
 * @example
 * createHttpServer(createApp({ config, holder })).listen(0, '127.0.0.1');
 */
export function createHttpServer(app: Express): http.Server {
  const server = createServerFor(app);
  server.on('clientError', answerClientError);
  return server;
}

function createServerFor(app: Express): http.Server {
  // A Node whose constructors became classes cannot run them this way (nor as fast through
  // Reflect.construct, measured: 5.5k requests/s); it gets the server `app.listen` makes.
  if (isClass(http.IncomingMessage) || isClass(http.ServerResponse)) return http.createServer(app);
  const initRequest = http.IncomingMessage as unknown as Init<[Socket]>;
  const initResponse = http.ServerResponse as unknown as Init<[http.IncomingMessage, object?]>;
  function AppRequest(this: object, socket: Socket): void {
    initRequest.call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: object, req: http.IncomingMessage, options?: object): void {
    initResponse.call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
