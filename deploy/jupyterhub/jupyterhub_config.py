# JupyterHub configuration for a team using the Mini Candle kit.
#
# One managed service, `candle serve`, owns the shared workspace and is its only writer.
# User servers reach it with their own hub token; the hub tells the service who is calling,
# and the hub's groups say in which role. Nobody edits kit.yaml to say who is who.
#
# The Littlest JupyterHub: copy this file to /opt/tljh/config/jupyterhub_config.d/candle.py
# (see tljh.md). Zero to JupyterHub: see z2jh-values.yaml. Adjust the CANDLE_* values below.
import os

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

CANDLE_WORKSPACE = os.environ.get("CANDLE_WORKSPACE", "/srv/candle/workspace")
CANDLE_SERVICE_PORT = int(os.environ.get("CANDLE_SERVICE_PORT", "10101"))
# The hub groups that carry the kit's roles (these are the defaults).
CANDLE_GROUPS = {
    "CANDLE_GROUP_PRACTITIONERS": "candle-practitioners",
    "CANDLE_GROUP_LEADS": "candle-leads",
    "CANDLE_GROUP_LINKS": "candle-links",
    "CANDLE_GROUP_RESEARCHERS": "candle-researchers",
    "CANDLE_GROUP_ADMINS": "candle-admins",  # may download anyone's whole record
}

# The service: started, watched and restarted by the hub. It reads who is calling from each
# request's token, and group membership with its own token (see the candle-service role).
c.JupyterHub.services = [
    {
        "name": "candle",
        "url": f"http://127.0.0.1:{CANDLE_SERVICE_PORT}",
        "command": ["candle", "serve", CANDLE_WORKSPACE],
        # Each review, and a lead's whole run of them, may take this many seconds at most.
        # CANDLE_BEHIND_PROXY stays unset: user kernels call the service directly (Spawner
        # environment below), so a forwarded-address header could be anyone's; set it to "1"
        # only if every request reaches the service through the hub's proxy.
        # Reviews on a Dask cluster instead of the service's own kernels: add
        # CANDLE_DASK_SCHEDULER ("tls://127.0.0.1:8786") and the DASK_..._TLS_... settings of
        # deploy/tljh/dask.md.
        "environment": {**CANDLE_GROUPS, "CANDLE_MAX_BODY_BYTES": str(512 * 1024),
                        "CANDLE_REVIEW_TIMEOUT": "300", "CANDLE_REVIEW_RUN_TIMEOUT": "1800"},
        "display": False,
    },
]

c.JupyterHub.load_roles = [
    # The service may list the candle groups' members (and nothing else).
    {"name": "candle-service", "scopes": ["list:groups", "read:groups"], "services": ["candle"]},
    # Users, and the token of each user's own server, may call the service.
    {"name": "user", "scopes": ["self", "access:services!service=candle"]},
    {"name": "server",
     "scopes": ["users:activity!user", "access:servers!server", "access:services!service=candle"]},
]

# The groups exist from the start; add people with the hub's admin page (Admin > Groups) or
# its API. A person may be in more than one group (a lead who is also a practitioner).
c.JupyterHub.load_groups = {name: {"users": []} for name in CANDLE_GROUPS.values()}

# Every user's kernels find the service here (the service's own address, same machine).
c.Spawner.environment = {"CANDLE_SERVICE_URL": f"http://127.0.0.1:{CANDLE_SERVICE_PORT}/services/candle/"}
# As each server starts: its kernels keep their own copy of what the user may read, and their
# drafts, in the user's home (CANDLE_WORKSPACE); the notebooks are copied into ~/candle (never
# overwriting one the user changed) and the copy refreshed; then the single-user server with the
# kit's settings (`candle server-config`): the pages in ~/candle open as Voila apps with the
# kit's template and are in the launcher, kit notebooks are saved as shipped, and a closed
# page's kernel is shut down.
c.Spawner.cmd = [
    "sh", "-c",
    'export CANDLE_WORKSPACE="$HOME/.candle/workspace" CANDLE_PAGES_FOLDER=candle; '
    "candle notebooks ~/candle >/dev/null 2>&1; candle mirror >/dev/null 2>&1; "
    'exec jupyterhub-singleuser --config="$(candle server-config)" "$@"',
    "candle-start",
]
# Signing in opens Start here as an app (JupyterLab is a click away, at /lab).
c.Spawner.default_url = "/voila/render/candle/00_start_here.ipynb"
