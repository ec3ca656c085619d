"""The toolchain of the openstacksdk tests: Debian's openstacksdk imports, and the clouds.yaml the
runner writes (test/api/support/openstack.ts) parses into a connection, without any network:
prints the SDK's version and, for each service, the endpoint it would call. The cloud's name is
the first argument (default: cbr-sim)."""
import json
import sys

try:
    import openstack
    import openstack.version

    conn = openstack.connect(cloud=sys.argv[1] if len(sys.argv) > 1 else "cbr-sim")
    print(json.dumps({
        "version": openstack.version.__version__,
        "python": sys.executable,
        "cloud": conn.config.name,
        "auth_type": conn.config.config.get("auth_type"),
        "endpoints": {
            service: conn.config.get_endpoint(service)
            for service in ("image", "compute", "block-storage")
        },
    }))
except Exception as error:  # the runner's contract: a JSON error document and exit 1
    print(json.dumps({"error": type(error).__name__, "details": str(error)}))
    sys.exit(1)
