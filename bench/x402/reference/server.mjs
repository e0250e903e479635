// The reference x402 resource server (@x402/express) selling one resource on the merchant's own
// price terms, so bench/x402/unpaid_402_bench.py can compare unpaid 402 answers against it.
//
//   node server.mjs '<json spec>'
//   spec: {port, path, description, mimeType, requirements: <the merchant's accepts[0]>,
//          facilitatorUrl}
// Prints {"url": ...} once listening. Only the unpaid path is exercised: the facilitator is asked
// for /supported once at start-up (the reference middleware's own initialisation) and never per request.
import express from "express";
import { paymentMiddleware, x402ResourceServer } from "@x402/express";
import { HTTPFacilitatorClient } from "@x402/core/server";

const spec = JSON.parse(process.argv[2]);
const req = spec.requirements;

// The `exact` scheme on LEZ for the reference server: the price is already in native units, so
// parsePrice passes the merchant's amount and asset through and the requirements keep its extra.
class ExactLezServerScheme {
  scheme = "exact";
  defaultAssetTransferMethod = "default";
  paymentFlows = { default: { supported: ["authorization"], default: "authorization" } };

  async parsePrice(price) {
    if (typeof price === "object" && price !== null) return { amount: price.amount, asset: price.asset, extra: price.extra };
    return { amount: String(price), asset: req.asset };
  }

  async enhancePaymentRequirements(requirements) {
    return { ...requirements, extra: { ...(req.extra || {}), ...(requirements.extra || {}) } };
  }
}

const facilitator = new HTTPFacilitatorClient({ url: spec.facilitatorUrl });
const server = new x402ResourceServer(facilitator).register(req.network, new ExactLezServerScheme());

const app = express();
app.use(
  paymentMiddleware(
    {
      [`GET ${spec.path}`]: {
        accepts: {
          scheme: req.scheme,
          price: { amount: req.amount, asset: req.asset, extra: req.extra || {} },
          network: req.network,
          payTo: req.payTo,
          maxTimeoutSeconds: req.maxTimeoutSeconds,
        },
        description: spec.description,
        mimeType: spec.mimeType,
      },
    },
    server,
  ),
);
app.get(spec.path, (_req, res) => res.json({ paid: true }));

const listener = app.listen(spec.port || 0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${listener.address().port}` }) + "\n");
});
process.on("SIGTERM", () => listener.close(() => process.exit(0)));
