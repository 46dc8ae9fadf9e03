"""The worker engine on a trial kind of its own: claim, run, fail with the reason, give up, resume."""

import warnings
from dataclasses import dataclass

import pytest
from optuna.trial import TrialState

from lrkit import LRKitError
from lrkit.experiments.engine import Superseded, TrialKind, execute, open_study
from lrkit.experiments.storage import WORKER_ATTR, sqlite_url, worker_identity
from lrkit.experiments.trials import FAILED_ATTR


@dataclass
class Squares(TrialKind):
    """A trial is its number, squared: ``n`` complete ones make the study done."""

    storage: str
    study_name: str
    n: int
    threads: int | None = None
    raise_at: int | None = None
    give_up_at: int | None = None
    unit = "square"

    def total(self) -> int:
        return self.n

    def finished(self, study) -> int:
        return len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)))

    def claim(self, study):
        if self.finished(study) >= self.n:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Optuna's note that heartbeats belong to optimize()
            trial = study.ask()
        study._storage.set_trial_system_attr(trial._trial_id, WORKER_ATTR, worker_identity())
        return trial

    def run(self, study, trial, emit) -> None:
        emit(("start", f"#{trial.number}"))
        if trial.number == self.raise_at:
            raise ValueError(f"trial {trial.number} broke")
        if trial.number == self.give_up_at:
            raise Superseded("someone else's", **{"lrkit:test": True})
        study.tell(trial, float(trial.number ** 2))


def _study(kind):
    return open_study(kind.storage, kind.study_name, "min", {"kind": "squares"}, this="test", fresh="start anew")


def test_a_trial_kind_runs_to_its_total_and_a_superseded_trial_is_failed_quietly(tmp_path):
    kind = Squares(sqlite_url(tmp_path / "runs.db"), "squares", n=3, give_up_at=1)
    study = _study(kind)
    execute(kind, study, workers=1, progress=False)
    states = [(t.number, t.state, t.value, t.system_attrs.get(FAILED_ATTR)) for t in study.get_trials()]
    assert states == [(0, TrialState.COMPLETE, 0.0, None), (1, TrialState.FAIL, None, "someone else's"),
                      (2, TrialState.COMPLETE, 4.0, None), (3, TrialState.COMPLETE, 9.0, None)]
    assert study.get_trials()[1].system_attrs["lrkit:test"] is True


def test_an_error_fails_the_trial_with_its_reason_and_the_same_call_resumes(tmp_path):
    kind = Squares(sqlite_url(tmp_path / "runs.db"), "squares", n=2, raise_at=1)
    study = _study(kind)
    with pytest.raises(ValueError, match="trial 1 broke"):
        execute(kind, study, workers=1, progress=False)
    failed = study.get_trials()[1]
    assert failed.state == TrialState.FAIL and failed.system_attrs[FAILED_ATTR] == "ValueError: trial 1 broke"
    execute(Squares(kind.storage, kind.study_name, n=2), study, workers=1, progress=False)
    assert [(t.number, t.state.name) for t in study.get_trials()] == [(0, "COMPLETE"), (1, "FAIL"), (2, "COMPLETE")]


def test_a_stored_study_must_match_the_call(tmp_path):
    kind = Squares(sqlite_url(tmp_path / "runs.db"), "squares", n=1)
    _study(kind)
    with pytest.raises(LRKitError, match=r"was made with kind='squares', this test has kind='cubes': start anew"):
        open_study(kind.storage, kind.study_name, "min", {"kind": "cubes"}, this="test", fresh="start anew")
