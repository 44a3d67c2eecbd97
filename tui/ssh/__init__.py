"""``xdept-tui serve``: the app over SSH for people without an account on the host.

``server`` lets a connection in by a member's public key (``store.ssh_keys``) and
refuses everything else; ``session`` gives each session its own pseudo-terminal and
its own ``xdept-tui`` process acting as the key's member; ``host_key`` keeps the
server's identity. Only public APIs of asyncssh: the app itself runs unchanged, as
it would in any terminal.
"""
