// A server whose scalability is known: each request is answered after S · (1 + σ(n − 1) + κn(n − 1)) ms,
// n the requests in flight when it arrives (itself included). A closed loop of c clients keeps n = c, so
// its throughput is the Universal Scalability Law's c / (S · (1 + σ(c − 1) + κc(c − 1))) (Gunther's
// machine-repairman result). Run as its own process: `node usl-server.mjs S SIGMA KAPPA`; prints its URL.
import { createServer } from 'node:http';

const [serviceMs, sigma, kappa] = process.argv.slice(2).map(Number);
let inFlight = 0;
const server = createServer((req, res) => {
  inFlight += 1;
  const n = inFlight;
  const delayMs = serviceMs * (1 + sigma * (n - 1) + kappa * n * (n - 1));
  const timer = setTimeout(() => res.end('usl\n'), delayMs);
  res.once('close', () => {
    clearTimeout(timer);
    inFlight -= 1;
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/\n`));
// Never outlive the test that started it.
setTimeout(() => process.exit(0), 120_000).unref();
process.on('SIGTERM', () => process.exit(0));
