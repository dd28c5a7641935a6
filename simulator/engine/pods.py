"""Pods as SimPy processes: start-up, rolling replacement (deploys, rollbacks, restarts),
scaling, and OOM kills with Kubernetes' crash-loop back-off."""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.state import POD_READY, POD_STARTING, POD_TERMINATED, Pod

if TYPE_CHECKING:
    from simulator.engine.core import Engine

ROLLOUT_BATCH = 0.25  # maxUnavailable: a quarter of the replicas are replaced at a time
CRASH_WINDOW = 600.0  # a pod that dies within this long of starting backs off (CrashLoopBackOff)
MAX_BACKOFF = 300.0


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
        )
        self.state.pods.append(pod)
        self.state.touch()
        if not ready:
            self.env.process(self._become_ready(pod, start, pod.ready_at))
        return pod

    def _become_ready(self, pod: Pod, delay: float, ready_at: float) -> Generator[Any, Any, None]:
        yield self.env.timeout(delay)
        if pod.state == POD_STARTING and pod.ready_at == ready_at:
            pod.state = POD_READY
            self.state.touch()

    def terminate(self, pod: Pod) -> None:
        pod.state = POD_TERMINATED
        pod.leaked = 0.0
        self.state.touch()

    # ------------------------------------------------------------------ rolling replacement

    def rolling_replace(
        self, version: str, needs_replacement: Callable[[Pod], bool]
    ) -> Generator[Any, Any, int]:
        """Replace matching pods a batch at a time; returns how many were replaced.

        A newer rollout supersedes an older one still in flight, as in Kubernetes.
        """
        self._rollout_generation += 1
        generation = self._rollout_generation
        start = self.state.scenario.service.pod_start_time
        replaced = 0
        while generation == self._rollout_generation:
            candidates = [p for p in self.state.running_pods() if needs_replacement(p)]
            if not candidates:
                break
            batch_size = max(1, math.ceil(len(self.state.running_pods()) * ROLLOUT_BATCH))
            for old in candidates[:batch_size]:
                self.terminate(old)
                self.spawn(version)
                replaced += 1
            yield self.env.timeout(start)
        return replaced

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
