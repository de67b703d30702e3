#!/usr/bin/env bash
# Placeholder until the kernel lands: nothing to install yet.
exit 0
