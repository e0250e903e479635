"""The test_fullapi_cpp contract (logos-core.md §18) through the logoscore CLI: every method with
edge values, makeResult both ways, every event seen by `watch --event` with its exact data."""
import json
import os
import select
import signal
import subprocess
import time
import unittest

from framework import BUILD_DIR, LOGOSCORE, DaemonTestCase, log

FULLAPI_MODULES = os.path.join(BUILD_DIR, "test-modules-fullapi")
MODULE = "test_fullapi_cpp"
INT64_MIN, INT64_MAX, UINT64_MAX = -(2 ** 63), 2 ** 63 - 1, 2 ** 64 - 1
NESTED_ANY = {"a": {"_bytes": "AQID"}, "b": [1, None, {"_bytes": ""}], "c": None}

# (type name as in echo<X>/fire<X>Event, CLI argument, expected value): the CLI's own typing plus
# the module's canonical form (bytes come back unpadded).
CASES = [
    ("String", "hello world", "hello world"),
    ("String", "0123", "0123"),
    ("String", "", ""),
    ("Bytes", 'json:{"_bytes":"aGVsbG8"}', {"_bytes": "aGVsbG8"}),
    ("Bytes", 'json:{"_bytes":"aGVsbG8="}', {"_bytes": "aGVsbG8"}),
    ("Bytes", 'json:{"_bytes":""}', {"_bytes": ""}),
    ("Int", str(INT64_MIN), INT64_MIN),
    ("Int", str(INT64_MAX), INT64_MAX),
    ("Int", "0", 0),
    ("Uint", str(UINT64_MAX), UINT64_MAX),
    ("Uint", "0", 0),
    ("Double", "1e-06", 1e-06),
    ("Double", "-2.5", -2.5),
    ("Double", "7", 7.0),
    ("Bool", "true", True),
    ("Bool", "false", False),
    ("Any", "json:null", None),
    ("Any", "json:" + json.dumps(NESTED_ANY), NESTED_ANY),
    ("Any", str(UINT64_MAX), UINT64_MAX),
    ("StringList", 'json:["a","0123",""]', ["a", "0123", ""]),
    ("StringList", "json:[]", []),
    ("IntList", f"json:[{INT64_MIN},{INT64_MAX},0]", [INT64_MIN, INT64_MAX, 0]),
    ("IntList", "json:[]", []),
    ("UintList", f"json:[{UINT64_MAX},0]", [UINT64_MAX, 0]),
    ("UintList", "json:[]", []),
    ("DoubleList", "json:[1e-06,2.5,3]", [1e-06, 2.5, 3.0]),
    ("DoubleList", "json:[]", []),
    ("BoolList", "json:[true,false]", [True, False]),
    ("BoolList", "json:[]", []),
    ("List", 'json:[1,"a",null,{"_bytes":"AQID"}]', [1, "a", None, {"_bytes": "AQID"}]),
    ("List", "json:[]", []),
    ("Map", "json:" + json.dumps(NESTED_ANY), NESTED_ANY),
    ("Map", "json:{}", {}),
]

EVENTS = {"String": "stringEvent", "Bytes": "bytesEvent", "Int": "intEvent", "Uint": "uintEvent",
          "Double": "doubleEvent", "Bool": "boolEvent", "Any": "anyEvent", "StringList": "stringListEvent",
          "IntList": "intListEvent", "UintList": "uintListEvent", "DoubleList": "doubleListEvent",
          "BoolList": "boolListEvent", "List": "listEvent", "Map": "mapEvent"}


def line_within(stream, seconds, what):
    """One line of a child's pipe, or a failure after `seconds` (a missing event must not hang)."""
    ready, _, _ = select.select([stream], [], [], seconds)
    if not ready:
        raise AssertionError(f"nothing within {seconds} s: {what}")
    return stream.readline()


def same(a, b):
    """Equal with JSON types kept apart (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


class HostFullApi(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.assertTrue(os.path.exists(os.path.join(FULLAPI_MODULES, MODULE, MODULE + "_plugin.so")), f"{MODULE} is not built")
        self.node = self.start_daemon(module_dirs=[FULLAPI_MODULES])
        self.node.load(MODULE)

    def result(self, method, *args):
        out = self.assert_ok(self.node.call(MODULE, method, *args))
        self.assertEqual(out["status"], "ok", out)
        return out["result"]

    def test_metadata_and_listing(self):
        listing = self.assert_ok(self.node.cli("list-modules"))
        self.assertIn(MODULE, [m["name"] for m in listing])
        info = self.assert_ok(self.node.cli("module-info", MODULE))
        methods = {m["name"] for m in info["methods"]}
        wanted = {"whoAmI", "echoTriple", "doVoid", "makeResult", "fireTripleEvent"}
        wanted |= {f"echo{t}" for t in EVENTS} | {f"fire{t}Event" for t in EVENTS}
        self.assertEqual(wanted - methods, set())
        events = {e["name"] for e in info["events"]}
        self.assertEqual(set(EVENTS.values()) | {"tripleEvent"}, events)
        with open(os.path.join(FULLAPI_MODULES, MODULE, "metadata.json")) as f:
            meta = json.load(f)
        for key, value in {"name": MODULE, "version": "1.0.0", "type": "core", "category": "testing",
                           "main": "test_fullapi_cpp_plugin", "interface": "universal", "dependencies": []}.items():
            self.assertEqual(meta[key], value, key)

    def test_every_echo_returns_its_value_exactly(self):
        for type_name, arg, expected in CASES:
            got = self.result(f"echo{type_name}", arg)
            self.assertTrue(same(got, expected), f"echo{type_name} {arg!r}: got {got!r}, expected {expected!r}")
        log(f"{len(CASES)} echo cases exact")
        self.assertEqual(self.result("whoAmI"), MODULE)
        self.assertIs(self.result("doVoid"), True)
        self.assertEqual(self.result("echoTriple", "-42", "0123", 'json:{"_bytes":"AP8Q"}'), "i=-42|s=0123|b=00ff10")
        self.assertEqual(self.result("echoTriple", str(INT64_MIN), "", 'json:{"_bytes":""}'), f"i={INT64_MIN}|s=|b=")

    def test_hostile_values_are_refused_with_invalid_args(self):
        for method, arg, part in [("echoUint", "-1", "unsigned 64-bit"),
                                  ("echoUint", "18446744073709551616", "unsigned 64-bit"),
                                  ("echoInt", "9223372036854775808", "signed 64-bit"),
                                  ("echoInt", "1.5", "signed 64-bit"),
                                  ("echoBytes", 'json:{"_bytes":"***"}', "_bytes"),
                                  ("echoBytes", "aGk", "_bytes"),
                                  ("echoUintList", "json:[1,-1]", "element 1"),
                                  ("echoBoolList", "json:[true,1]", "element 1"),
                                  ("echoDouble", "str:1.5", "number"),
                                  ("echoMap", "json:[]", "object")]:
            self.expect_error(self.node.call(MODULE, method, arg), "INVALID_ARGS", part, exit_code=4)

    def test_make_result_is_data_both_ways(self):
        ok = self.assert_ok(self.node.call(MODULE, "makeResult", "true"))
        self.assertEqual(ok["status"], "ok")
        self.assertEqual(ok["result"], {"success": True, "value": {"ok": True, "provider": MODULE}, "error": None})
        failed = self.node.call(MODULE, "makeResult", "false")
        self.assertEqual(failed.rc, 0, failed)
        self.assertEqual(failed.json["status"], "ok", failed)
        self.assertEqual(failed.json["result"], {"success": False, "value": None, "error": "deliberate error for testing"})

    def test_every_event_reaches_watch_with_its_data(self):
        env = dict(os.environ, LOGOSCORE_CONFIG_DIR=self.node.config_dir)
        fired = {}  # event -> (fire method, args, expected data)
        for type_name, arg, expected in CASES:
            fired.setdefault(EVENTS[type_name], (f"fire{type_name}Event", [arg], {"arg0": expected}))
        fired["tripleEvent"] = ("fireTripleEvent", [str(INT64_MAX), "0123", 'json:{"_bytes":"aGk="}'],
                                {"arg0": INT64_MAX, "arg1": "0123", "arg2": {"_bytes": "aGk"}})
        watchers = {event: subprocess.Popen([LOGOSCORE, "watch", MODULE, "--event", event], env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for event in fired}
        try:
            # Each watcher prints its line on stderr once its subscription is acknowledged.
            for event, w in watchers.items():
                self.assertIn("watching", line_within(w.stderr, 10, f"watch {event} acknowledged"), event)
            for event, (method, args, _) in fired.items():
                self.assertIs(self.result(method, *args), True, method)
            for event, (_, _, data) in fired.items():
                line = json.loads(line_within(watchers[event].stdout, 10, f"{event} on watch"))
                self.assertEqual((line["module"], line["event"]), (MODULE, event))
                self.assertTrue(same(line["data"], data), f"{event}: got {line['data']!r}, expected {data!r}")
            log(f"{len(fired)} events seen with their exact data")
        finally:
            for w in watchers.values():
                w.send_signal(signal.SIGINT)
            for w in watchers.values():
                try:
                    w.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    w.kill()
                    w.wait()
                w.stdout.close()
                w.stderr.close()


if __name__ == "__main__":
    unittest.main()
