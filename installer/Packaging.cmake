# CPack: `cpack -G DEB` (or `cpack --config build/CPackConfig.cmake`) in the build directory makes
# two packages, orrery-server_<version>_<arch>.deb and orrery_<version>_<arch>.deb.
# shlibdeps computes the libraries' Depends; the Qt plugins loaded at run time are not linked,
# so they are named here (PLATFORM.md §8): the SQLite driver always, the PostgreSQL driver as a
# Recommends. The xcb and offscreen platform plugins ship in libqt6gui6, which shlibdeps finds.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME orrery)
set(CPACK_PACKAGE_VENDOR "The Orrery developers")
set(CPACK_PACKAGE_CONTACT "${ORRERY_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_COMPONENTS_ALL server console)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://orrery.dev")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME orrery-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "libqt6sql6-psql")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "postgresql, redis-server")
set(CPACK_DEBIAN_SERVER_DESCRIPTION "task engine server with a Conductor-compatible API
orreryd schedules jobs (cron, interval, one-shot; time-zone and DST
correct) and runs them as workflows in Netflix Conductor's model on local
and remote workers, with retries, a dead-letter queue and circuit
breakers. It serves a REST API, a Socket.IO hub, /metrics and /healthz on
loopback, on an embedded SQLite store or PostgreSQL. This package runs it
as a hardened systemd service.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/installer/debian/server/conffiles;${CMAKE_SOURCE_DIR}/installer/debian/server/postinst;${CMAKE_SOURCE_DIR}/installer/debian/server/prerm;${CMAKE_SOURCE_DIR}/installer/debian/server/postrm")

set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME orrery)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "libqt6sql6-sqlite, fonts-dejavu-core")
# QtKeychain stores tokens through the Secret Service: one of these provides it.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc, libqt6sql6-psql")
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "operations console for background jobs and workflows
The Orrery console shows tasks, workflows, the dead-letter queue, circuit
breakers, scheduled jobs and workers live, with the operator's actions.
It runs the Orrery engine in-process on an embedded SQLite store or
attaches to a remote orreryd server; orrery --headless serves like
orreryd.")

include(CPack)
