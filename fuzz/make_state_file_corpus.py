#!/usr/bin/env python3
"""Writes the seed corpora of the state- and configuration-file fuzz targets:
fuzz/corpus/x402_state_files/ (agent_state.json, audit_log.jsonl, the facilitator token file),
fuzz/corpus/x402_config_files/ (merchant.json, facilitator.json, store_payment.json),
fuzz/corpus/wallet_state_files/ (wallet_config.json, the keystore's key list) and
fuzz/corpus/host_config_files/ (client config.json, token file, --access-policy file).
Each seed is the selector byte of its target followed by the file's text: files in the writers'
own forms (agent_state.json as Agent::saveState writes it, one space indent; wallet_config.json
as saveConfig writes it, two spaces; token files as writeTokenFiles writes them) plus near
misses of each field. Files named crash_* crashed the earlier decoders (an uncaught
type_error, a float cast beyond its integer type under UBSan); keep them."""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
PROGRAM = "0b4c4ceb4a5d4bca3a5a1b6e2e1e3e1b0c8a3c49f0e3a2a7a6f1d1a0e6c0b9f1"
KEY_A = "01" * 32
KEY_B = "7f" * 32
TOKEN = "0123456789abcdef" * 4

policy = {"min_reason_chars": 20, "max_reason_chars": 500, "approval_window_seconds": 600,
          "credential_lifetime_seconds": 43200, "per_request_cap": "1000", "daily_cap": "10000",
          "monthly_cap": "100000", "allowed_networks": ["logos:lez-localnet", "logos:lez-testnet"],
          "allowed_assets": ["native"]}
config = {"owner_account": "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY", "network": "logos:lez-localnet",
          "http_timeout_ms": 30000, "wallet_timeout_ms": 20000, "policy": policy}
request = {
    "id": "lsrq_0123456789abcdef01234567", "merchant_name": "Weather Co",
    "merchant_url": "http://127.0.0.1:8402/weather", "pay_to": "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY",
    "amount": "25", "asset": "native", "network": "logos:lez-localnet", "reason": "r" * 120,
    "resource_url": "", "max_timeout_seconds": 60, "status": "pending_approval", "created_at": 1700000000,
    "updated_at": 1700000000, "approval_requested_at": 1700000000, "approval_expires_at": 1700000600,
    "valid_until": 1700043200, "decided_at": 0, "payment_attempted_at": 0, "status_details": "",
    "decline_reason": "", "settlement_json": "", "credential": None,
}
succeeded = dict(request, id="lsrq_0123456789abcdef01234568", status="succeeded", decided_at=1700000005,
                 payment_attempted_at=1700000006, amount="340282366920938463463374607431768211455",
                 settlement_json='{"success":true,"transaction":"ab","network":"logos:lez-localnet"}',
                 credential={"payload_json": '{"transaction":"AA=="}', "tx_hash": "a" * 64, "payer": "p",
                             "nonce": "3", "valid_after": 1699999400, "valid_before": 1700043200,
                             "issued_at": 1700000005})
direct = {"kind": "store_query", "pay_to": "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY", "amount": "7",
          "at": 1700000100, "tx_hash": "b" * 64}


def state(**over):
    s = {"version": 1, "config": config, "spend_requests": [request, succeeded], "direct_spends": [direct]}
    s.update(over)
    return json.dumps(s, indent=1) + "\n"


def audit(*records):
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records)


rec1 = {"seq": 1, "at": 1700000000, "event": "agent_configured", **config}
rec2 = {"seq": 2, "at": 1700000001, "event": "spend_request_created", "spend_request_id": request["id"],
        "status": "pending_approval"}
rec3 = {"seq": 3, "at": 1700000002, "event": "spend_request_approved", "spend_request_id": request["id"],
        "status": "approved"}

x402 = {  # selector 0 agent_state.json, 1 audit_log.jsonl, 2 facilitator token
    "agent_state_full": (0, state()),
    "agent_state_empty": (0, state(spend_requests=[], direct_spends=[])),
    "agent_state_default_config": (0, json.dumps({"version": 1}) + "\n"),
    "agent_state_version2": (0, state(version=2)),
    "agent_state_config_array": (0, state(config=[])),
    "agent_state_requests_object": (0, state(spend_requests={})),
    "agent_state_bad_request": (0, state(spend_requests=[dict(request, amount=25)])),
    "agent_state_bad_policy": (0, state(config=dict(config, policy=dict(policy, approval_window_seconds=0)))),
    "agent_state_timeout_string": (0, state(config=dict(config, http_timeout_ms="30000"))),
    "agent_state_truncated": (0, state()[:200]),
    "crash_agent_state_timeout_float": (0, state(config=dict(config, wallet_timeout_ms=1e300))),
    "audit_three": (1, audit(rec1, rec2, rec3)),
    "audit_torn_tail": (1, audit(rec1, rec2) + '{"seq":3,"at":17000'),
    "audit_fenced": (1, audit(rec1) + '{"seq":2,"at"\n' + audit(rec3)),
    "audit_bad_seq": (1, audit(rec1, dict(rec2, seq=-2), dict(rec3, seq="3"), dict(rec3, seq=1.5))),
    "audit_out_of_order": (1, audit(rec3, rec1, rec2)),
    # audit_out_of_order_paging (not generated) is the fuzzer's input that a cursor revisits.
    "audit_blank_lines": (1, "\n\n" + audit(rec1) + "\r\n[]\n"),
    "token_valid": (2, TOKEN + "\n"),
    "token_crlf": (2, TOKEN + "\r\n  "),
    "token_upper": (2, TOKEN.upper() + "\n"),
    "token_short": (2, TOKEN[:63] + "\n"),
    "token_inner_space": (2, TOKEN[:32] + " " + TOKEN[33:] + "\n"),
}

PAY_TO = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY"
resource = {"path": "/weather", "price": "25", "payTo": PAY_TO, "description": "forecast",
            "mimeType": "application/json", "maxTimeoutSeconds": 60, "body": {"paris": "sunny"}}
merchant_cfg = {"port": 8402, "facilitator_url": "http://127.0.0.1:8403", "public_base_url": "http://127.0.0.1:8402/",
                "facilitator_timeout_ms": 60000, "network": "logos:lez-localnet", "facilitator_token_path": "",
                "payments_path": "/state/merchant_payments.sqlite",
                "resources": [resource, {"kind": "store", "price": 3, "payTo": "ab" * 32, "paymentIdentifier": "required"}]}
facilitator_cfg = {"port": 8403, "networks": ["logos:lez-localnet", "logos:lez-testnet"],
                   "journal_path": "/state/settlements.sqlite", "token_path": "/state/facilitator_token",
                   "settle_timeout_ms": 30000, "poll_interval_ms": 100, "at_program_id_hex": PROGRAM}
store_cfg = {"amount": "5", "payTo": PAY_TO, "asset": "native", "network": "logos:lez-localnet", "maxTimeoutSeconds": 60}


def dump(v):  # x402::dumpJson: compact
    return json.dumps(v, separators=(",", ":"))


mcp_cfg = {"listen": "127.0.0.1", "port": 8404, "allowed_origins": ["http://localhost:6274"], "facilitator_url": "",
           "payments_path": "/state/mcp_payments.sqlite",
           "tools": [{"name": "store_messages", "kind": "store", "price": "4", "payTo": PAY_TO, "maxTimeoutSeconds": 60},
                     {"name": "echo", "kind": "static", "body": {"a": 1}}]}

x402_config = {  # selector 0 merchant.json, 1 facilitator.json, 2 store_payment.json, 3 mcp_endpoint.json
    "merchant_full": (0, dump(merchant_cfg)),
    "merchant_min": (0, dump({"resources": [dict(resource, maxTimeoutSeconds=1)]})),
    "merchant_unknown_key": (0, dump(dict(merchant_cfg, prot=1))),
    "merchant_port_big": (0, dump(dict(merchant_cfg, port=65536))),
    "merchant_dup_path": (0, dump(dict(merchant_cfg, resources=[resource, resource]))),
    "merchant_price_float": (0, dump(dict(merchant_cfg, resources=[dict(resource, price=2.5)]))),
    "merchant_price_max": (0, dump(dict(merchant_cfg, resources=[dict(resource, price="340282366920938463463374607431768211455")]))),
    "merchant_no_body": (0, dump(dict(merchant_cfg, resources=[{k: v for k, v in resource.items() if k != "body"}]))),
    "merchant_query_path": (0, dump(dict(merchant_cfg, resources=[dict(resource, path="/a?b")]))),
    "merchant_resources_empty": (0, dump(dict(merchant_cfg, resources=[]))),
    "facilitator_full": (1, dump(facilitator_cfg)),
    "facilitator_empty": (1, "{}"),
    "facilitator_networks_empty": (1, dump(dict(facilitator_cfg, networks=[]))),
    "facilitator_network_number": (1, dump(dict(facilitator_cfg, networks=[1]))),
    "facilitator_timeout_zero": (1, dump(dict(facilitator_cfg, settle_timeout_ms=0))),
    "facilitator_poll_float": (1, dump(dict(facilitator_cfg, poll_interval_ms=1.5))),
    "facilitator_program_short": (1, dump(dict(facilitator_cfg, at_program_id_hex="12"))),
    "facilitator_fault": (1, dump(dict(facilitator_cfg, fault_injection="exit_after_submit"))),
    "facilitator_array": (1, "[]"),
    "store_payment_full": (2, dump(store_cfg)),
    "store_payment_number_amount": (2, dump(dict(store_cfg, amount=5))),
    "store_payment_hex_pay_to": (2, dump(dict(store_cfg, payTo="ab" * 32))),
    "store_payment_bad_pay_to": (2, dump(dict(store_cfg, payTo="nobody"))),
    "store_payment_testnet": (2, dump(dict(store_cfg, network="logos:lez-testnet"))),
    "crash_store_payment_asset_number": (2, dump(dict(store_cfg, asset=1))),
    "crash_store_payment_network_array": (2, dump(dict(store_cfg, network=[]))),
    "store_payment_timeout_zero": (2, dump(dict(store_cfg, maxTimeoutSeconds=0))),
    "mcp_endpoint_full": (3, dump(mcp_cfg)),
    "mcp_endpoint_ipv6": (3, dump(dict(mcp_cfg, listen="::1"))),
    "mcp_endpoint_bad_listen": (3, dump(dict(mcp_cfg, listen="256.0.0.1"))),
    "mcp_endpoint_dup_tool": (3, dump(dict(mcp_cfg, tools=[mcp_cfg["tools"][1], mcp_cfg["tools"][1]]))),
    "mcp_endpoint_free_pay_to": (3, dump(dict(mcp_cfg, tools=[{"name": "t", "payTo": PAY_TO}]))),
    "mcp_endpoint_price_zero": (3, dump(dict(mcp_cfg, tools=[{"name": "t", "price": "0", "payTo": PAY_TO}]))),
}

wallet = {  # selector 0 wallet_config.json, 1 key list
    "config_saved": (0, json.dumps({"sequencer_url": "http://127.0.0.1:3040", "rpc_timeout_ms": 10000,
                                    "at_program_id": PROGRAM}, indent=2) + "\n"),
    "config_partial": (0, json.dumps({"sequencer_url": "http://[::1]:3040/"})),
    "config_bad_program": (0, json.dumps({"at_program_id": "0x12"})),
    "config_not_object": (0, "[1,2]"),
    "config_not_json": (0, "sequencer_url = x"),
    "crash_config_url_number": (0, json.dumps({"sequencer_url": 3040})),
    "crash_config_timeout_float": (0, json.dumps({"rpc_timeout_ms": 1e300})),
    "config_timeout_negative": (0, json.dumps({"rpc_timeout_ms": -1})),
    "config_timeout_huge": (0, json.dumps({"rpc_timeout_ms": 18446744073709551615})),
    "config_program_number": (0, json.dumps({"at_program_id": 7})),
    "keys_two": (1, json.dumps({"version": 1, "accounts": [{"secret_key_hex": KEY_A}, {"secret_key_hex": KEY_B}]})),
    "keys_duplicate": (1, json.dumps({"version": 1, "accounts": [{"secret_key_hex": KEY_A}, {"secret_key_hex": KEY_A}]})),
    "keys_empty": (1, json.dumps({"version": 1, "accounts": []})),
    "keys_zero_key": (1, json.dumps({"version": 1, "accounts": [{"secret_key_hex": "00" * 32}]})),
    "keys_over_order": (1, json.dumps({"version": 1, "accounts": [{"secret_key_hex": "ff" * 32}]})),
    "keys_number": (1, json.dumps({"version": 1, "accounts": [{"secret_key_hex": 1}]})),
    "keys_not_list": (1, json.dumps({"version": 1, "accounts": {"secret_key_hex": KEY_A}})),
    "keys_entry_string": (1, json.dumps({"version": 1, "accounts": [KEY_A]})),
}

host = {  # selector 0 client config.json, 1 token file, 2 --access-policy file
    "client_config_named": (0, json.dumps({"token_file": "ci.json"}) + "\n"),
    "client_config_absolute": (0, json.dumps({"token_file": "/run/logos/token.json"})),
    "client_config_number": (0, json.dumps({"token_file": 5})),
    "client_config_empty": (0, "{}"),
    "client_config_not_json": (0, "token_file=ci.json"),
    "token_client": (1, json.dumps({"token": TOKEN}) + "\n"),
    "token_daemon": (1, json.dumps({"name": "auto", "token": TOKEN, "issued_at": 1700000000}) + "\n"),
    "token_number": (1, json.dumps({"token": 1})),
    "token_array": (1, json.dumps([TOKEN])),
    "policy_enforce": (2, json.dumps({"version": 1, "mode": "enforce", "restrictions": {
        "wallet_module": {"allowedCallers": ["x402_module", "payment_streams_module"]},
        "delivery_module": {"allowedCallers": []}}}, indent=2) + "\n"),
    "policy_off": (2, json.dumps({"version": 1, "mode": "off"})),
    "policy_word_off": (2, "off"),
    "policy_word_enforce": (2, "enforce"),
    "policy_version2": (2, json.dumps({"version": 2, "mode": "enforce"})),
    "policy_mode_number": (2, json.dumps({"version": 1, "mode": 1})),
    "policy_callers_object": (2, json.dumps({"version": 1, "mode": "enforce", "restrictions": {"a": {"allowedCallers": {}}}})),
    "policy_caller_number": (2, json.dumps({"version": 1, "mode": "enforce", "restrictions": {"a": {"allowedCallers": [1]}}})),
    "policy_restrictions_array": (2, json.dumps({"version": 1, "mode": "enforce", "restrictions": []})),
    "policy_entry_string": (2, json.dumps({"version": 1, "mode": "enforce", "restrictions": {"a": "b"}})),
}

for target, seeds in (("x402_state_files", x402), ("x402_config_files", x402_config), ("wallet_state_files", wallet), ("host_config_files", host)):
    out = os.path.join(ROOT, target)
    os.makedirs(out, exist_ok=True)
    for name, (selector, text) in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes([selector]) + text.encode())
