"""Converters from quiz formats teachers already have (Moodle GIFT, Aiken) to lesson packs."""
