"""Figures: filled in below."""

from aiohttp import web

routes = web.RouteTableDef()
