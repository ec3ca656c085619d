"""openstacksdk's compute proxy against cbr-sim's Nova-compatible ECS paths (rest-api.md §7.4).

Lists the servers, gets the one named by argv[1], stops it, starts it and deletes it, printing
one JSON document of what it saw; an exception prints {"error": class, "details": message}.
"""
import json
import sys

import openstack


def main():
    server_id = sys.argv[1]
    conn = openstack.connect(cloud="cbr-sim")
    out = {}
    out["listed"] = sorted((s.id, s.name, s.status) for s in conn.compute.servers())
    server = conn.compute.get_server(server_id)
    out["got"] = {
        "id": server.id, "name": server.name, "status": server.status,
        "availability_zone": server.availability_zone, "vm_state": server.vm_state,
        "power_state": server.power_state, "volumes": [v["id"] for v in server.attached_volumes or []],
    }
    conn.compute.stop_server(server)
    out["after_stop"] = conn.compute.get_server(server_id).status
    conn.compute.start_server(server)
    out["after_start"] = conn.compute.get_server(server_id).status
    conn.compute.delete_server(server)
    try:
        conn.compute.get_server(server_id)
        out["after_delete"] = "still there"
    except openstack.exceptions.ResourceNotFound as e:
        out["after_delete"] = {"error": "ResourceNotFound", "details": str(e.details)}
    try:
        conn.compute.stop_server(server_id)
        out["stop_deleted"] = "accepted"
    except openstack.exceptions.HttpException as e:
        out["stop_deleted"] = {"error": type(e).__name__, "status": e.status_code, "details": str(e.details)}
    print(json.dumps(out))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the test reads the class and the message
        print(json.dumps({"error": type(e).__name__, "details": str(getattr(e, "details", None) or e)}))
        sys.exit(1)
