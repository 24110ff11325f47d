package io.labelstream.inference.service;

import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.RawItem;

/** One item of a predict request, in the form the client sent it. */
public sealed interface RequestedItem {

    /** The project the item names; null when it names none. */
    String project();

    /** An item as upstream systems produce it to {@code items.raw}: cleaned by ingest's rules, then predicted. */
    record Raw(RawItem item) implements RequestedItem {

        @Override
        public String project() {
            return item.project();
        }
    }

    /** An item as on {@code items.clean}: predicted as the stream predicts it. */
    record Clean(CleanItem item) implements RequestedItem {

        @Override
        public String project() {
            return item.project();
        }
    }

    /** An item that could not be read at all; its rejection is reported together with the others'. */
    record Unreadable(ItemRejectedException rejection) implements RequestedItem {

        @Override
        public String project() {
            return null;
        }
    }
}
