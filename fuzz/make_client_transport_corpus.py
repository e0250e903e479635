#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/client_transport_config.cpp: fuzz/corpus/client_transport_config/.
Each seed is the selector byte (0 client/config.json, 1 a --module-transport value, 2
LOGOSCORE_CLIENT_* lines) followed by the text: the daemon's own local file, the upstream wrapper's
tcp and tcp_ssl rewrites, the older {"token_file"} form, and near misses of each key."""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "client_transport_config")


def v2(core, **extra):
    doc = {"version": 2, "token_file": "auto.json", "daemon": {"core_service": core, "capability_module": core}}
    doc.update(extra)
    return json.dumps(doc, indent=2)


SEEDS = {
    "config_local_own": (0, v2({"transport": "local"}, instance_id="0123456789ab")),
    "config_wrapper_tcp": (0, v2({"transport": "tcp", "host": "127.0.0.1", "port": 40123, "codec": "json"})),
    "config_wrapper_tls": (0, v2({"transport": "tcp_ssl", "host": "127.0.0.1", "port": 40124, "codec": "json", "verify_peer": False})),
    "config_tls_ca": (0, v2({"transport": "tcp_ssl", "host": "localhost", "port": 443, "ca": "/etc/ca.pem"})),
    "config_older_form": (0, json.dumps({"token_file": "ci.json"})),
    "config_older_absolute": (0, json.dumps({"token_file": "/run/logos/token.json"})),
    "config_version3": (0, v2({"transport": "local"}, version=3)),
    "config_protocol_key": (0, v2({"protocol": "tcp", "host": "127.0.0.1", "port": 1})),
    "config_port_string": (0, v2({"transport": "tcp", "host": "127.0.0.1", "port": "4000"})),
    "config_port_big": (0, v2({"transport": "tcp", "host": "127.0.0.1", "port": 99999})),
    "config_no_core": (0, json.dumps({"version": 2, "daemon": {"capability_module": {"transport": "local"}}})),
    "config_token_path": (0, v2({"transport": "local"}, token_file="../../etc/passwd")),
    "config_not_json": (0, "transport=tcp"),
    "spec_tcp": (1, "core_service=tcp,host=127.0.0.1,port=0,codec=json"),
    "spec_tls": (1, "capability_module=tcp_ssl,host=127.0.0.1,port=0,codec=json,cert=/t/c.pem,key=/t/k.pem"),
    "spec_tls_all": (1, "core_service=tcp_ssl,host=::1,port=4443,cert=/c,key=/k,ca=/ca,verify_peer=0"),
    "spec_local": (1, "core_service=local"),
    "spec_cbor": (1, "core_service=tcp,codec=cbor"),
    "spec_open": (1, "core_service=tcp,host=0.0.0.0,port=4000"),
    "spec_other_module": (1, "wallet_module=tcp"),
    "spec_twice": (1, "core_service=tcp,port=1,port=2"),
    "spec_trailing": (1, "core_service=tcp,"),
    "env_tcp": (2, "LOGOSCORE_CLIENT_TRANSPORT=tcp\nLOGOSCORE_CLIENT_TCP_HOST=127.0.0.1\nLOGOSCORE_CLIENT_TCP_PORT=4000"),
    "env_tls": (2, "LOGOSCORE_CLIENT_TRANSPORT=tcp_ssl\nLOGOSCORE_CLIENT_NO_VERIFY_PEER=1\nLOGOSCORE_CLIENT_SSL_CA=/ca.pem"),
    "env_bad_codec": (2, "LOGOSCORE_CLIENT_CODEC=msgpack"),
    "env_bad_port": (2, "LOGOSCORE_CLIENT_TCP_PORT=-1"),
    "env_token_file": (2, "LOGOSCORE_CLIENT_TOKEN_FILE=ci.json"),
}

os.makedirs(OUT, exist_ok=True)
for name, (selector, text) in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([selector]) + text.encode())
