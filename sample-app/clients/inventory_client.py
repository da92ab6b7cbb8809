#!/usr/bin/env python3
"""Calls the sample's InventoryService over JSON/HTTP with nothing but Python's standard library.

    python3 inventory_client.py http://127.0.0.1:9101 [bearer-token]

Every SeedRPC port answers POST /rpc/<service key>/<method> with a JSON body: an array of the arguments in
order, or an object keyed by parameter name. Errors come back as {"status", "message", "remoteClass"}.
"""
import json
import sys
import urllib.error
import urllib.request

SERVICE = "io.seedrpc.sample.api.InventoryService"


class RpcError(Exception):
    def __init__(self, http_status, body):
        super().__init__(f"{http_status} {body.get('status')}: {body.get('message')}")
        self.http_status = http_status
        self.body = body


def call(base_url, method, arguments, token=None, timeout="2s"):
    """Calls one method; arguments is a list (in order) or a dict (by parameter name)."""
    request = urllib.request.Request(
        f"{base_url}/rpc/{SERVICE}/{method}",
        data=json.dumps(arguments).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "Rpc-Timeout": timeout},
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise RpcError(error.code, json.load(error)) from None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    base_url = sys.argv[1].rstrip("/")
    token = sys.argv[2] if len(sys.argv) > 2 else None

    apple = call(base_url, "stockOf", ["apple"], token)
    print(f"stockOf apple: {apple['units']} units, served by {apple['servedBy']}")

    low = call(base_url, "lowStock", {"threshold": 10}, token)
    print("lowStock(10): " + ", ".join(f"{item['sku']}={item['units']}" for item in low))

    reservation = call(base_url, "reserve", {"sku": "cherry", "quantity": 5}, token)
    print(f"reserve cherry x5: reservation {reservation['id']} at {reservation['at']}")

    later = call(base_url, "reserveAsync", ["cherry", 1], token)
    print(f"reserveAsync cherry x1: {later['units']} unit(s)")

    try:
        call(base_url, "reserve", {"sku": "damson", "quantity": 1000}, token)
        print("reserve damson x1000: unexpectedly succeeded")
        return 1
    except RpcError as error:
        print(f"reserve damson x1000: HTTP {error.http_status} {error.body['status']} "
              f"{error.body['remoteClass']}: {error.body['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
