#!/usr/bin/env bash
# Keyword specs: plurals _("one", "many", n) with or without locale= (and a trailing comma),
# then any other _("msg", ...) call: its first argument is the msgid.
# Extract every _() message from the bot's sources into locales/messages.pot and merge it into
# the ky and ru catalogs. Then translate the new entries in locales/{ky,ru}/LC_MESSAGES/messages.po
# (tests/test_i18n_catalogs.py fails while any is missing, fuzzy, or has other placeholders).
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>locales/.lock && flock 9   # scripts/translate.py takes the same lock
pybabel extract -F babel.cfg --no-default-keywords -k _:1,2,3t -k _:1,2,4t -k _:1,2,5t -k _:1 -k __ --add-comments=NOTE --no-location \
    --sort-output --project=kenesh --copyright-holder="Kenesh" \
    -o locales/messages.pot bot.py handlers middlewares services web
for lang in ky ru; do
    po="locales/$lang/LC_MESSAGES/messages.po"
    if [ -f "$po" ]; then
        pybabel update -i locales/messages.pot -d locales -D messages -l "$lang" \
            --no-fuzzy-matching --ignore-obsolete
    else
        pybabel init -i locales/messages.pot -d locales -D messages -l "$lang"
    fi
done
