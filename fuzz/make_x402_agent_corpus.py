#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/spend_request_json.cpp (fuzz/corpus/spend_request_json/):
stored spend requests with and without a credential, a direct spend, policies, reasons with
control characters and invalid UTF-8, and URLs."""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "spend_request_json")

request = {
    "id": "lsrq_0123456789abcdef01234567", "merchant_name": "Weather Co",
    "merchant_url": "http://127.0.0.1:8402/weather", "pay_to": "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY",
    "amount": "25", "asset": "native", "network": "logos:lez-localnet", "reason": "r" * 120,
    "resource_url": "", "max_timeout_seconds": 60, "status": "pending_approval", "created_at": 1700000000,
    "updated_at": 1700000000, "approval_requested_at": 1700000000, "approval_expires_at": 1700000600,
    "valid_until": 1700043200, "decided_at": 0, "payment_attempted_at": 0, "status_details": "",
    "decline_reason": "", "settlement_json": "", "credential": None,
}
approved = dict(request, status="succeeded", decided_at=1700000005, payment_attempted_at=1700000006,
                amount="340282366920938463463374607431768211455",
                settlement_json='{"success":true,"transaction":"ab","network":"logos:lez-localnet"}',
                credential={"payload_json": '{"transaction":"AA=="}', "tx_hash": "a" * 64, "payer": "p", "nonce": "3",
                            "valid_after": 1699999400, "valid_before": 1700043200, "issued_at": 1700000005})
seeds = {
    "request_pending.json": json.dumps(request),
    "request_succeeded.json": json.dumps(approved),
    "request_bad_status.json": json.dumps(dict(request, status="paid")),
    "request_amount_number.json": json.dumps(dict(request, amount=25)),
    "direct_spend.json": json.dumps({"kind": "store_query", "pay_to": "x", "amount": "7", "at": 1, "tx_hash": "h"}),
    "policy.json": json.dumps({"min_reason_chars": 5, "daily_cap": "100", "allowed_networks": ["logos:lez-testnet"]}),
    "policy_bad.json": json.dumps({"approval_window_seconds": 0}),
    "reason_controls.txt": "buy\x01 one\tforecast\r\nfor Paris\x7f \u0085now",
    "reason_bad_utf8.bin": b"bad \xff byte \xe0\x80\x80 \xc3",
    "url_https.txt": "HTTPS://Example.COM:0443/a?b#c",
    "url_ipv6.txt": "http://[::1]:9/x",
    "url_userinfo.txt": "http://user@host/",
}

os.makedirs(OUT, exist_ok=True)
for name, content in seeds.items():
    data = content if isinstance(content, bytes) else content.encode()
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print(f"{len(seeds)} seeds in {OUT}")
