// The reference x402 client (@x402/fetch over @x402/core's x402Client) paying one request, for
// tests/functional/x402_gateway.py. The LEZ `exact` scheme is registered through the client's
// scheme hook (SchemeNetworkClient): its payload (the signed transfer and authorization, built
// by the user's wallet in the test) comes in the spec; everything else — reading the 402's
// PAYMENT-REQUIRED, choosing the requirements, building the PaymentPayload with `accepted`,
// `resource` and the extensions, encoding PAYMENT-SIGNATURE, retrying the request with its method
// and body, and decoding PAYMENT-RESPONSE — is the reference client's own code.
//
//   node pay.mjs '{"url", "method", "headers", "body", "network", "max_amount", "payload"}'
// Prints one JSON line: {status, body, settlement, paid_requirements}.
import { decodePaymentResponseHeader, wrapFetchWithPayment, x402Client } from "@x402/fetch";

const spec = JSON.parse(process.argv[2]);
let paidRequirements = null;
const lezExact = {
  scheme: "exact",
  async createPaymentPayload(x402Version, requirements) {
    paidRequirements = requirements;
    return { x402Version, payload: spec.payload };
  },
};
const client = new x402Client().register(spec.network, lezExact);
// The client's spend controls admit only its default (EVM/SVM) assets unless told: LEZ's native
// asset is allowed here with a per-payment cap in native units (`max_amount`).
client.setSpendControls({ allowedAssets: [{ network: spec.network, asset: "native", maxAmountPerPayment: String(spec.max_amount) }] });
const fetchWithPay = wrapFetchWithPayment(fetch, client);
const res = await fetchWithPay(spec.url, { method: spec.method || "GET", headers: spec.headers || {}, body: spec.body });
const body = await res.text();
const header = res.headers.get("PAYMENT-RESPONSE");
process.stdout.write(
  JSON.stringify({
    status: res.status,
    body,
    settlement: header ? decodePaymentResponseHeader(header) : null,
    paid_requirements: paidRequirements,
  }) + "\n",
);
