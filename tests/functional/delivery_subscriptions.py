"""delivery_module subscriptions between two logoscore daemons: a node subscribed to a content
topic emits messageReceived for each message of that topic that reaches it; after unsubscribe
the topic leaves the node's subscription list and its messages are still archived but no longer
announced. unsubscribe before createNode is refused with NO_NODE."""
import time

import delivery_store
from framework import PRODUCT_MODULES, DaemonTestCase, log

TOPIC = delivery_store.TOPIC
OTHER = "/lezpay/1/other/proto"


class DeliverySubscriptions(delivery_store.DeliveryTestCase):
    def test_unsubscribe_stops_message_received_for_that_topic_only(self):
        events = self.watch(self.provider)
        self.assertEqual(self.op(self.provider, "subscribe", TOPIC)["subscriptions"], [TOPIC])
        self.assertEqual(sorted(self.op(self.provider, "subscribe", OTHER)["subscriptions"]), sorted([TOPIC, OTHER]))
        self.assertEqual(sorted(self.op(self.provider, "getNodeInfo")["subscriptions"]), sorted([TOPIC, OTHER]))

        log("subscribed: a message on the topic is announced")
        self.op(self.user, "send", TOPIC, "str:before")
        self.assertEqual(events.wait_for("messageReceived", 1)[0]["data"]["arg1"], TOPIC)
        self.wait_archived(1)

        log("unsubscribe: the topic leaves the list, the other stays")
        self.assertEqual(self.op(self.provider, "unsubscribe", TOPIC)["subscriptions"], [OTHER])
        self.assertEqual(self.op(self.provider, "getNodeInfo")["subscriptions"], [OTHER])
        self.assertEqual(self.op(self.provider, "unsubscribe", TOPIC)["subscriptions"], [OTHER], "unsubscribing twice is harmless")

        self.op(self.user, "send", TOPIC, "str:after")
        self.wait_archived(2)
        log("the message after unsubscribe is archived, not announced; the other topic still is")
        self.op(self.user, "send", OTHER, "str:other topic")
        self.wait_archived(3)
        received = events.wait_for("messageReceived", 2)
        time.sleep(0.5)  # a late announcement of the unsubscribed topic would land by now
        with events.lock:
            topics = [e["data"]["arg1"] for e in events.events if e["event"] == "messageReceived"]
        self.assertEqual(topics, [TOPIC, OTHER], received)


class DeliveryUnsubscribeWithoutNode(DaemonTestCase):
    def test_unsubscribe_before_create_node_is_refused(self):
        self.require_modules("delivery_module")
        node = self.start_daemon("lonely", module_dirs=[PRODUCT_MODULES])
        node.load("delivery_module")
        r = node.call("delivery_module", "unsubscribe", TOPIC)
        self.expect_error(r, "NO_NODE", "call createNode first")


if __name__ == "__main__":
    import unittest
    unittest.main()
