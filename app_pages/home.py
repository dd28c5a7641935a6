"""Home: the hidden default page. Sends you on to the first page for who you are."""

from app_pages.common import identity, nav

nav.go_first(identity.current())
