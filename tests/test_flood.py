"""A flood from one user is throttled without slowing anyone else."""

from __future__ import annotations

import asyncio


from tests.conftest import App

FLOODER, NEIGHBOUR = 6101, 6102


class FrozenClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_flooder_is_slowed_down_and_a_neighbour_still_answered(app: App) -> None:
    gate = app.dp["flood_gate"]
    gate.enabled, gate.clock = True, FrozenClock()  # the whole flood arrives within one moment
    c = app.client
    flood = [c.send(FLOODER, f"спам {i}") for i in range(60)]
    await asyncio.gather(*flood, c.send(NEIGHBOUR, "Сколько депутатов в айыльном кенеше?"))

    assert "Источники" in c.last_text(NEIGHBOUR)  # the neighbour got the usual answer
    to_flooder = app.client.session.texts_to(FLOODER)
    notices = [t for t in to_flooder if "слишком часто" in t]
    assert len(notices) == 1  # told once
    assert len(to_flooder) == gate.burst + 1  # the first `burst` were handled, the rest dropped

    # a throttled button press is still answered, once, without a second notice
    await c.callback(FLOODER, "m:root")
    answers = app.session.calls("answerCallbackQuery")
    assert len(answers) == 1 and not answers[0].text

    # after a pause the flooder is answered again
    gate.clock.now += 30
    await c.send(FLOODER, "Кто назначает мэра Бишкека?")
    assert "Источники" in c.last_text(FLOODER)
