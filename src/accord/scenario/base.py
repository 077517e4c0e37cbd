"""The building blocks every Accord file format shares: ids, immutable models, traced elements, sources."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=120)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
OptionRef = str | list[str]


class Model(BaseModel):
    """Base of every scenario element: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False, strict=True, defer_build=True
    )


class Traced(Model):
    """An element that may cite a source: `source` is a source id, `quote` its exact words."""

    source: Id | None = None
    quote: str | None = None
    note: str | None = None


class Source(Model):
    """A text the scenario draws on."""

    id: Id
    title: str
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = Field(None, description="File name of the text, for `accord sources check`.")
    from_memory: bool = Field(
        False,
        description="Quotes citing it were written from memory or a summary, not copied "
        "from a text on disk: `accord sources check` lists them as unchecked.",
    )
