#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/x402_payment.cpp (fuzz/corpus/x402_payment/): x402 objects as
JSON text and as header values (standard base64), a facilitator body, near misses (URL-safe
base64, missing padding, wrong versions, bad amounts) and junk."""
import base64
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "x402_payment")

req = {"scheme": "exact", "network": "logos:lez-localnet", "amount": "10", "asset": "native",
       "payTo": "9pTMysZDzKKcf7uqh26YDkJvHfwBkSfG6ifbwxB1d5LQ", "maxTimeoutSeconds": 60, "extra": {}}
payload = {"x402Version": 2, "resource": {"url": "http://127.0.0.1:8402/weather", "mimeType": "application/json"},
           "accepted": req,
           "payload": {"transaction": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "validAfter": 1749999400,
                       "validBefore": 1750000060, "authorization": "ab" * 64}}
required = {"x402Version": 2, "error": "payment_required", "resource": {"url": "http://127.0.0.1:8402/weather"},
            "accepts": [req]}
settled = {"success": True, "transaction": "cd" * 32, "network": "logos:lez-localnet", "payer": "p", "amount": "10"}
failed = {"success": False, "errorReason": "nonce_replayed", "transaction": "", "network": "logos:lez-localnet"}


def b64(obj):
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


seeds = {
    "payload.json": json.dumps(payload),
    "payload.b64": b64(payload),
    "payload_urlsafe.b64": base64.urlsafe_b64encode(json.dumps(payload).encode()).decode(),
    "payload_unpadded.b64": b64(payload).rstrip("="),
    "payload_v1.json": json.dumps(dict(payload, x402Version=1)),
    "payload_extra_field.json": json.dumps(dict(payload, payload=dict(payload["payload"], memo="x"))),
    "required.json": json.dumps(required),
    "required.b64": b64(required),
    "required_no_accepts.json": json.dumps(dict(required, accepts=[])),
    "requirements_bad_amount.json": json.dumps(dict(req, amount="01")),
    "requirements_float_timeout.json": json.dumps(dict(req, maxTimeoutSeconds=1.5)),
    "settled.b64": b64(settled),
    "failed.json": json.dumps(failed),
    "verify.json": json.dumps({"isValid": False, "invalidReason": "insufficient_funds", "invalidMessage": "m"}),
    "facilitator_body.json": json.dumps({"x402Version": 2, "paymentPayload": payload, "paymentRequirements": req}),
    "supported.json": json.dumps({"kinds": [{"x402Version": 2, "scheme": "exact", "network": "logos:lez-localnet"}],
                                  "extensions": [], "signers": {}}),
    "deep.json": "[" * 40 + "]" * 40,
    "junk.txt": "%%% not base64 %%%",
}

os.makedirs(OUT, exist_ok=True)
for name, content in seeds.items():
    with open(os.path.join(OUT, name), "w") as f:
        f.write(content)
print(f"wrote {len(seeds)} seeds to {OUT}")
