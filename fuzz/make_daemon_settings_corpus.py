#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/daemon_settings_file.cpp: fuzz/corpus/daemon_settings_file/. Each
seed is the text of a `logoscore -D --config` file: the provider and user examples of
docs/protocol.md, a minimal file, and near misses of every rule."""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "daemon_settings_file")

WALLET = {"name": "wallet_module", "settings": [
    {"unlock": {"password_file": "/etc/lez-pay/wallet.pass", "create_if_missing": True}},
    {"configure": {"sequencer_url": "http://127.0.0.1:3040"}}]}
SEEDS = {
    "minimal": {"version": 1},
    "provider": {"version": 1, "modules_dirs": ["/usr/lib/lez-pay/modules"], "persistence_path": "/var/lib/lez-pay/provider",
                 "modules": [WALLET,
                             {"name": "payment_streams_module", "settings": [{"configureProviderPolicy": {
                                 "provider_account": "11" * 32, "service_id": "store", "min_rate": 1, "min_allocation": 10}}]},
                             {"name": "delivery_module", "settings": [
                                 {"createNode": {"configJson": {"storeService": True, "host": "127.0.0.1", "tcpPort": 60000}}},
                                 {"setEligibilityVerifier": {"moduleName": "payment_streams_module", "arm": "all"}},
                                 {"start": {}}]},
                             {"name": "x402_module", "settings": [
                                 {"startFacilitator": {"config_json": {"port": 60002, "networks": ["lez:local"]}}},
                                 {"configureStorePayment": {"config_json": {"amount": "5"}}},
                                 {"startMerchant": {"config_json": {"port": 60001}}}]}]},
    "user_fd": {"version": 1, "modules": [
        {"name": "wallet_module", "settings": [{"unlock": {"password_fd": 3}}]},
        {"name": "x402_module", "settings": [{"configureAgent": {"owner_account": "22" * 32, "network": "lez:local"}}]}]},
    "credential": {"version": 1, "modules": [{"name": "wallet_module", "settings": [{"unlock": {"systemd_credential": "wallet"}}]}]},
    "no_settings": {"version": 1, "modules": [{"name": "console_module"}]},
    "empty_steps": {"version": 1, "modules": [{"name": "console_module", "settings": []}]},
    "twice": {"version": 1, "modules": [{"name": "a"}, {"name": "a"}]},
    "settings_object": {"version": 1, "modules": [{"name": "a", "settings": {"tcpPort": 1}}]},
    "two_keys": {"version": 1, "modules": [{"name": "a", "settings": [{"x": {}, "y": {}}]}]},
    "params_number": {"version": 1, "modules": [{"name": "a", "settings": [{"x": 1}]}]},
    "password_inline": {"version": 1, "modules": [{"name": "w", "settings": [{"unlock": {"password": "x"}}]}]},
    "two_sources": {"version": 1, "modules": [{"name": "w", "settings": [{"unlock": {"password_fd": 3, "password_file": "/p"}}]}]},
    "no_source": {"version": 1, "modules": [{"name": "w", "settings": [{"unlock": {}}]}]},
    "bad_flag": {"version": 1, "insecure_tcp": "yes", "modules": []},
    "unknown_top": {"version": 1, "module": []},
    "many_modules": {"version": 1, "modules": [{"name": f"m{i}"} for i in range(33)]},
}
RAW = {
    "not_json": "version=1",
    "truncated": '{"version":1,"modules":[{"name":"a"',
    "nul_name": '{"version":1,"modules":[{"name":"a\\u0000"}]}',
}

os.makedirs(ROOT, exist_ok=True)
for name, doc in SEEDS.items():
    with open(os.path.join(ROOT, name), "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
for name, text in RAW.items():
    with open(os.path.join(ROOT, name), "w") as f:
        f.write(text)
print(f"{len(SEEDS) + len(RAW)} seeds in {ROOT}")
