package io.labelstream.schemas.events;

/** What an item holds; lower-case because that is how it stands in every JSON document. */
public enum ItemKind {
    text,
    image
}
