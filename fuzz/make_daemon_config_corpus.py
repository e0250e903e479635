#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/daemon_config_file.cpp: fuzz/corpus/daemon_config_file/. Each seed is
the text of a daemon/config.json: what `logoscore -D --persist-config` writes for the wrapper's
tcp and tcp_ssl runs, a minimal file, and near misses of every key and limit."""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "daemon_config_file")

SEEDS = {
    "minimal": {"version": 1},
    "wrapper_tcp": {"version": 1, "modules_dirs": ["/opt/logos/modules"], "module_transports": [
        "core_service=tcp,host=127.0.0.1,port=0,codec=json", "capability_module=tcp,host=127.0.0.1,port=40100,codec=json"]},
    "wrapper_tls": {"version": 1, "modules_dirs": ["/m"], "module_transports": [
        "core_service=tcp_ssl,host=127.0.0.1,port=0,codec=json,cert=/t/c.pem,key=/t/k.pem"]},
    "everything": {"version": 1, "modules_dirs": ["/a", "/b"], "persistence_path": "/var/lib/logos",
                   "access_policy": "enforce", "call_timeout_ms": 30000,
                   "module_transports": ["core_service=tcp,host=10.0.0.1,port=4000"], "insecure_tcp": True},
    "policy_json": {"version": 1, "access_policy": '{"version":1,"mode":"enforce","restrictions":{}}'},
    "empty_lists": {"version": 1, "modules_dirs": [], "module_transports": []},
    "insecure_false": {"version": 1, "insecure_tcp": False},
    "version2": {"version": 2},
    "version_string": {"version": "1"},
    "no_version": {"modules_dirs": ["/m"]},
    "unknown_key": {"version": 1, "modules-dir": ["/m"]},
    "dir_not_string": {"version": 1, "modules_dirs": [7]},
    "dir_empty": {"version": 1, "modules_dirs": [""]},
    "transports_object": {"version": 1, "module_transports": {"core_service": "tcp"}},
    "bad_transport": {"version": 1, "module_transports": ["core_service=quic"]},
    "timeout_zero": {"version": 1, "call_timeout_ms": 0},
    "timeout_big": {"version": 1, "call_timeout_ms": 3600001},
    "timeout_float": {"version": 1, "call_timeout_ms": 1.5},
    "insecure_string": {"version": 1, "insecure_tcp": "yes"},
    "long_list": {"version": 1, "modules_dirs": ["/m"] * 65},
}
RAW = {
    "not_json": "version=1",
    "array": "[1,2]",
    "truncated": '{"version":1,"modules_dirs":["/m"',
    "nul_in_string": '{"version":1,"persistence_path":"/a\\u0000b"}',
}

os.makedirs(ROOT, exist_ok=True)
for name, doc in SEEDS.items():
    with open(os.path.join(ROOT, name), "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
for name, text in RAW.items():
    with open(os.path.join(ROOT, name), "w") as f:
        f.write(text)
print(f"{len(SEEDS) + len(RAW)} seeds in {ROOT}")
