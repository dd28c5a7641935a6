"""Pods as SimPy processes: start-up, rolling replacement (deploys, rollbacks, restarts),
scaling, and OOM kills with Kubernetes' crash-loop back-off."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.state import POD_READY, POD_STARTING, POD_TERMINATED, Pod

if TYPE_CHECKING:
    from simulator.engine.core import Engine

CRASH_WINDOW = 600.0  # a pod that dies within this long of starting backs off (CrashLoopBackOff)
MAX_BACKOFF = 300.0
STALL_POLL = 5.0  # how often a stalled rollout looks at its new pods again


class PodManager:
    """Owns every pod transition so that one place keeps the state consistent."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.state = engine.state
        self._rollout_generation = 0

    @property
    def env(self) -> Any:
        return self.engine.env

    def spawn(self, version: str, ready: bool = False) -> Pod:
        """A new pod; it becomes ready after the scenario's pod start time."""
        now = self.env.now
        start = self.state.scenario.service.pod_start_time
        pod = Pod(
            name=self.state.new_pod_name(version),
            version=version,
            started_at=now if not ready else -3600.0 * 24,
            ready_at=now + (0.0 if ready else start),
            memory_mb=self.state.scenario.service.memory.baseline_mb,
            state=POD_READY if ready else POD_STARTING,
            node=self._schedule(),
            cpu_limit=self.state.cpu_limit,
            volume_mb=self.state.volume_mb,
        )
        disk = self.state.scenario.service.disk
        pod.disk_mb = disk.baseline_mb if disk else 0.0
        self.state.pods.append(pod)
        self.state.touch()
        if not ready:
            self.env.process(self._become_ready(pod, start, pod.ready_at))
        return pod

    def _schedule(self) -> str:
        """The node for a new pod: the schedulable node with the fewest of our pods."""
        nodes = list(self.state.scenario.service.nodes)
        open_nodes = [n for n in nodes if n not in self.state.cordoned] or nodes
        counts = {n: 0 for n in open_nodes}
        for pod in self.state.running_pods():
            if pod.node in counts:
                counts[pod.node] += 1
        return min(open_nodes, key=lambda n: (counts[n], nodes.index(n)))

    def _become_ready(self, pod: Pod, delay: float, ready_at: float) -> Generator[Any, Any, None]:
        yield self.env.timeout(delay)
        if pod.state == POD_STARTING and pod.ready_at == ready_at:
            if pod.version in self.state.fx.crash_on_start:
                self._crash_on_start(pod)
                return
            pod.state = POD_READY
            self.state.touch()

    def _crash_on_start(self, pod: Pod) -> None:
        """The container exits before it is ready; kubelet restarts it after the back-off."""
        now = self.env.now
        pod.crash_streak += 1
        backoff = min(MAX_BACKOFF, 10.0 * 2.0 ** (pod.crash_streak - 1))
        pod.restarts += 1
        self.state.restarts_total += 1
        delay = backoff + self.state.scenario.service.pod_start_time
        pod.ready_at = now + delay
        self.state.touch()
        self.engine.record(
            "pod.crashed", pod=pod.name, restarts=pod.restarts, back_off=round(backoff, 3)
        )
        self.env.process(self._become_ready(pod, delay, pod.ready_at))

    def _stalled(self, pods: list[Pod]) -> bool:
        """Kubernetes waits for new pods to be ready before it goes on; pods of a release that
        exits on start never are, so the rollout stalls (other pods are ready by now)."""
        crashing = self.state.fx.crash_on_start
        return any(p.running and p.state != POD_READY and p.version in crashing for p in pods)

    def terminate(self, pod: Pod) -> None:
        pod.state = POD_TERMINATED
        pod.leaked = 0.0
        self.state.touch()

    # ------------------------------------------------------------------ rolling replacement

    def rolling_replace(
        self, version: str, needs_replacement: Callable[[Pod], bool]
    ) -> Generator[Any, Any, int]:
        """Replace matching pods a batch at a time; returns how many were replaced.

        Like a Kubernetes rolling update: up to maxSurge new pods start before old ones go, and
        up to maxUnavailable old pods go at once. A newer rollout supersedes one in flight.
        """
        self._rollout_generation += 1
        generation = self._rollout_generation
        rollout = self.state.scenario.service.rollout
        start = self.state.scenario.service.pod_start_time
        replaced = 0
        while generation == self._rollout_generation:
            candidates = [p for p in self.state.running_pods() if needs_replacement(p)]
            if not candidates:
                break
            total = max(1, len(self.state.running_pods()))
            surge, unavailable = rollout.step(total)
            batch = candidates[: surge + unavailable]
            for old in batch[:unavailable]:
                self.terminate(old)
            started = [self.spawn(version) for _ in batch]
            yield self.env.timeout(start)
            stalled = False
            while generation == self._rollout_generation and self._stalled(started):
                stalled = True
                yield self.env.timeout(STALL_POLL)
            if stalled and generation != self._rollout_generation:
                break  # superseded while stalled: the new rollout owns the old pods
            for old in batch[unavailable:]:
                if old.running:
                    self.terminate(old)
            replaced += len(batch)
        if generation == self._rollout_generation:
            self._trim_surplus()
        return replaced

    def _trim_surplus(self) -> None:
        """Back to the desired replica count when a stalled rollout left surge pods behind (as
        the Deployment controller does: pods that are not ready go first, then the newest)."""
        running = self.state.running_pods()
        surplus = len(running) - self.state.target_replicas
        if surplus <= 0:
            return
        order = sorted(running, key=lambda p: (p.state == POD_READY, -p.started_at))
        for pod in order[:surplus]:
            self.terminate(pod)

    def drain(self, node: str) -> Generator[Any, Any, int]:
        """Evict every pod on `node`; replacements start elsewhere (the node is cordoned)."""
        version = self.state.current_version()
        return (yield from self.rolling_replace(version, lambda p: p.node == node))

    def evict(self, pod: Pod) -> None:
        """The kubelet evicts a pod whose ephemeral storage is full: a new pod replaces it."""
        if not pod.running:
            return
        self.state.evictions_total += 1
        self.engine.record("pod.evicted", pod=pod.name, reason="ephemeral-storage limit exceeded")
        self.terminate(pod)
        self.spawn(pod.version)

    def roll_to(self, version: str) -> Generator[Any, Any, int]:
        """Deploy or roll back: every pod not on `version` is replaced by one that is."""
        return (yield from self.rolling_replace(version, lambda p: p.version != version))

    def restart_all(self) -> Generator[Any, Any, int]:
        """`kubectl rollout restart`: every pod started before now is replaced."""
        cutoff = self.env.now
        version = self.state.current_version()
        return (yield from self.rolling_replace(version, lambda p: p.started_at < cutoff))

    def scale(self, replicas: int) -> None:
        self.state.target_replicas = replicas
        running = self.state.running_pods()
        version = self.state.current_version()
        for _ in range(replicas - len(running)):
            self.spawn(version)
        for pod in sorted(running, key=lambda p: p.started_at)[replicas:]:
            self.terminate(pod)

    # ------------------------------------------------------------------ OOM kills

    def oom_kill(self, pod: Pod) -> None:
        """The kernel kills the container; kubelet restarts it after the crash-loop back-off."""
        if pod.state != POD_READY:
            return
        now = self.env.now
        crashed_soon = now - pod.started_at < CRASH_WINDOW
        pod.crash_streak = pod.crash_streak + 1 if crashed_soon else 0
        backoff = min(MAX_BACKOFF, 10.0 * 2.0 ** (pod.crash_streak - 1)) if crashed_soon else 0.0
        pod.restarts += 1
        pod.last_oom_at = now
        self.state.restarts_total += 1
        pod.state = POD_STARTING
        self.state.touch()
        pod.leaked = 0.0
        pod.leak_bytes_mb = 0.0
        pod.memory_mb = self.state.scenario.service.memory.baseline_mb
        delay = backoff + self.state.scenario.service.pod_start_time
        pod.started_at = now + backoff
        pod.ready_at = now + delay
        self.engine.record(
            "pod.oom_killed", pod=pod.name, restarts=pod.restarts, back_off=round(backoff, 3)
        )
        self.env.process(self._become_ready(pod, delay, pod.ready_at))
