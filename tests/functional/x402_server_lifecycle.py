"""x402_module's facilitator and merchant lifecycle over real HTTP with lez-localnet: getSupported
answers in-process exactly what GET /supported serves; stopFacilitator and stopMerchant close
their listening ports (a connection is refused afterwards), answer stopped=true once and
stopped=false when nothing runs, and forget the restart config: after a daemon restart neither
comes back; the facilitator's info reports it not running and listResources MERCHANT_NOT_RUNNING."""
import json
import socket
import urllib.parse

from framework import genesis_accounts, log
from x402_server_pay import NETWORK, X402ServerCase, http_request

G = genesis_accounts()


def refuses_connections(url):
    u = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((u.hostname, u.port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


class X402ServerLifecycle(X402ServerCase):
    def result(self, op):
        """The operation's result fields without the envelope's status."""
        r = self.ok(self.provider, "x402_module", op)
        self.assertEqual(r.pop("status"), "ok")
        return r

    def test_get_supported_matches_the_http_endpoint(self):
        fac = self.start_facilitator(self.provider)
        supported = self.result("getSupported")
        status, _, body = http_request(fac["url"] + "/supported")
        self.assertEqual(status, 200)
        self.assertEqual(supported, json.loads(body))
        self.assertEqual(supported["kinds"], [{"x402Version": 2, "scheme": "exact", "network": NETWORK}])

    def test_stop_closes_the_ports_and_forgets_the_restart_config(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"
        self.assertEqual(http_request(url)[0], 402)

        log("stopMerchant: the port closes; a second stop reports nothing was running")
        self.assertEqual(self.result("stopMerchant"), {"stopped": True})
        self.assertTrue(refuses_connections(merchant["url"]), "the merchant still listens")
        self.assertEqual(self.result("stopMerchant"), {"stopped": False})
        self.expect_error(self.provider.call("x402_module", "listResources"), "MERCHANT_NOT_RUNNING", "startMerchant first")

        log("stopFacilitator: the port closes, the info says not running")
        self.assertEqual(self.result("stopFacilitator"), {"stopped": True})
        self.assertTrue(refuses_connections(fac["url"]), "the facilitator still listens")
        self.assertEqual(self.result("stopFacilitator"), {"stopped": False})
        self.assertFalse(self.ok(self.provider, "x402_module", "getFacilitatorInfo")["running"])

        log("restart: neither comes back")
        self.provider.stop()
        self.provider.start()
        self.prepare_provider(self.provider)
        self.assertFalse(self.ok(self.provider, "x402_module", "getFacilitatorInfo")["running"])
        self.expect_error(self.provider.call("x402_module", "listResources"), "MERCHANT_NOT_RUNNING", "startMerchant first")
        self.assertTrue(refuses_connections(fac["url"]))
        self.assertTrue(refuses_connections(merchant["url"]))


if __name__ == "__main__":
    import unittest
    unittest.main()
