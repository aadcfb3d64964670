"""The HMIS domain: records, value lists, validation and matching. No Qt, no database."""
