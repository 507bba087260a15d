#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for the cluster test: `slurm.sh start` writes
# /etc/slurm/slurm.conf naming this host as the only node (job steps look for it there) and starts
# munged, slurmctld and slurmd (as root); `slurm.sh stop` stops them. Needs Debian's slurm-wlm and
# munge. An existing slurm.conf that this script did not write is left alone, and start fails.
set -euo pipefail
STATE=${QUALSYNTH_SLURM_DIR:-/tmp/qualsynth-slurm}
CONF=/etc/slurm/slurm.conf
MARK="# written by qualsynth tests/cluster/slurm.sh"

start() {
    if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
        echo "SLURM is already up: $(sinfo -h -o '%P %D %t %N')"
        queued=$(squeue -h | wc -l)
        [ "$queued" -eq 0 ] || echo "warning: $queued job(s) already queued; the cluster test waits for them (scancel them, or slurm.sh stop && slurm.sh start)" >&2
        return 0
    fi
    mkdir -p "$STATE/state" "$STATE/spool" /run/munge
    chown munge:munge /run/munge 2>/dev/null || true
    if [ ! -s /etc/munge/munge.key ]; then
        mungekey --create --force 2>/dev/null || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
        chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    fi
    pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 1 20); do [ -S /run/munge/munge.socket.2 ] && break; sleep 0.5; done
    if [ -e "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
        echo "$CONF exists and was not written by this script: not touching a real cluster's configuration" >&2
        return 1
    fi
    mkdir -p /etc/slurm
    node=$(hostname)
    # The node line (CPUs, memory) exactly as slurmd sees this machine.
    hardware=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')
    cat > "$CONF" <<CONFIG
$MARK
ClusterName=qualsynth
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/state
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
NodeName=$node $hardware State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONFIG
    # Clear the saved state: jobs of a run killed with the machine would otherwise come back as
    # running and hold the node's cores until their time limit.
    slurmctld -c
    slurmd -c
    for _ in $(seq 1 60); do
        if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
            echo "SLURM is up: $(sinfo -h -o '%P %D %t %N')"
            return 0
        fi
        sleep 1
    done
    echo "SLURM did not come up; see $STATE/slurmctld.log and $STATE/slurmd.log" >&2
    tail -n 20 "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2 || true
    return 1
}

stop() {
    for pidfile in "$STATE/slurmd.pid" "$STATE/slurmctld.pid"; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    pkill -x munged 2>/dev/null || true
    for _ in $(seq 1 30); do
        pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || pgrep -x munged >/dev/null || return 0
        sleep 0.5
    done
}

"${1:?usage: slurm.sh start|stop}"
