"""openstacksdk's block storage (Cinder v2) against cbr-sim's /evs prefix (rest-api.md §7.4).

Lists the volumes (conn.block_storage.volumes()), gets the one named on the command line, and
asks for one that does not exist; prints one JSON document of what openstacksdk parsed. An
exception anywhere else prints {"error": class, "details": message} and exits 1.
"""
import json
import sys

import openstack
from openstack import exceptions


def volume(v):
    return {
        "id": v.id,
        "name": v.name,
        "status": v.status,
        "size": v.size,
        "availability_zone": v.availability_zone,
        "volume_type": v.volume_type,
        "is_bootable": v.is_bootable,
        "attachments": v.attachments,
        "created_at": v.created_at,
    }


def main():
    conn = openstack.connect(cloud="cbr-sim")
    out = {
        "block_storage_version": conn.block_storage.version if hasattr(conn.block_storage, "version") else None,
        "volumes": [volume(v) for v in conn.block_storage.volumes()],
    }
    if len(sys.argv) > 1:
        out["volume"] = volume(conn.block_storage.get_volume(sys.argv[1]))
    try:
        conn.block_storage.get_volume("evs-000000000000")
        out["missing"] = None
    except exceptions.ResourceNotFound as e:
        out["missing"] = {"error": type(e).__name__, "details": e.details}
    print(json.dumps(out))


try:
    main()
except Exception as e:  # noqa: BLE001 - the test reads the class and the message
    print(json.dumps({"error": type(e).__name__, "details": getattr(e, "details", None) or str(e)}))
    sys.exit(1)
