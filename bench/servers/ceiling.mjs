/**
 * The ceiling: a bare node:http server that reads the request and answers a
 * fixed body. The parent sends it, before each cell, the exact status and body
 * scimctl gave for that request, so it costs what sending that answer costs.
 */
import { createServer } from 'node:http';

let status = 200;
let body = Buffer.from('{}');

process.on('message', (msg) => {
  if (msg.type === 'body') {
    status = msg.status;
    body = Buffer.from(msg.body, 'utf8');
    process.send({ type: 'ok' });
  }
});

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(status, { 'Content-Type': 'application/scim+json; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` }));
