// Spanish messages: neutral Spanish, "usted", and the terms of the Spanish Marketo / Sales account consoles
// ("cuenta de ventas", "Administración de usuarios", "Invitar usuarios", equipo "Todos").
// Typed against the English keys: a missing or extra key is a compile error.

import type { Messages } from "./index";

export const es: Messages = {
  "app.name": "Configuración de MSI Actions",
  "app.loading": "Cargando el plan de configuración…",
  "app.retry": "Volver a intentarlo",
  "app.startFailed": "La aplicación no pudo cargar sus datos.",
  "app.notInTauri.title": "Esta página solo funciona dentro de la aplicación de escritorio",
  "app.notInTauri.body":
    "Configuración de MSI Actions guarda su registro y se comunica con la cuenta de ventas desde la aplicación de escritorio. Abierta en un navegador web, esta página no tiene con quién comunicarse. Inicie Configuración de MSI Actions desde sus aplicaciones.",

  "header.environment": "Entorno",
  "header.env.sandbox": "Sandbox",
  "header.env.sandboxHint":
    "Un simulador integrado de la cuenta de ventas: nada de lo que haga aquí llega a una cuenta real ni a una persona real.",
  "header.env.real": "Real",
  "header.env.realHint": "Los cambios llegan a la cuenta de ventas real y envían correos reales.",
  "header.account": "Cuenta de ventas",
  "header.seats": "{used} de {total} puestos usados",
  "header.accountUnavailable": "No se puede acceder a la cuenta de ventas",
  "header.accountHandoff": "Cuenta de ventas: mediante su consola",
  "header.accountHandoffHint":
    "Ninguna API llega a esta cuenta de ventas: la aplicación prepara cada tarea, usted la hace en la consola de la cuenta de ventas y la confirma aquí.",
  "header.switchTo.real": "Cambiar a Real",
  "header.switchTo.sandbox": "Cambiar a Sandbox",
  "header.switchWaitSignIn": "Termine o cancele primero el inicio de sesión en Salesforce.",

  "envSwitch.title.real": "¿Cambiar al entorno Real?",
  "envSwitch.title.sandbox": "¿Cambiar al entorno Sandbox?",
  "envSwitch.body": "Cada entorno tiene sus propias conexiones, pasos e invitaciones. Puede volver a cambiar en cualquier momento.",
  "envSwitch.note.real":
    "En el entorno Real, los cambios llegan a sus cuentas reales de Salesforce, Marketo y ventas, y las invitaciones son correos reales.",
  "envSwitch.note.sandbox": "Sandbox es un simulador integrado: nada de lo que haga en él llega a una cuenta real ni a una persona real.",
  "envSwitch.confirm.real": "Cambiar a Real",
  "envSwitch.confirm.sandbox": "Cambiar a Sandbox",
  "envSwitch.switching": "Cambiando…",

  "secure.title": "No se puede conectar nada: este equipo no tiene un lugar seguro para las contraseñas",
  "secure.body":
    "La aplicación guarda los tokens y secretos solo en el llavero del sistema operativo, nunca en un archivo sin cifrar. Mientras el llavero no funcione, no se pueden conectar Salesforce, Marketo ni la cuenta de ventas; el resto de la aplicación funciona.",
  "secure.reason.no_secure_store": "No se encontró ningún llavero en este equipo.",
  "secure.reason.keyring_locked": "El llavero está bloqueado o denegó el acceso a la aplicación.",
  "secure.reason.keyring_failure": "El llavero no respondió.",
  "secure.reason.unknown": "No se puede usar el llavero.",
  "secure.fix.no_secure_store.linux":
    "Instale e inicie un llavero como GNOME Keyring o KWallet (por ejemplo: sudo apt install gnome-keyring), inicie sesión en un escritorio y reinicie la aplicación.",
  "secure.fix.no_secure_store.macos":
    "Inicie sesión en una cuenta de usuario normal de macOS que tenga llavero de inicio de sesión y reinicie la aplicación.",
  "secure.fix.no_secure_store.windows":
    "Inicie sesión en Windows con un perfil de usuario normal (no temporal), compruebe que el servicio Administrador de credenciales esté en ejecución y reinicie la aplicación.",
  "secure.fix.keyring_locked.linux":
    "Desbloquee el llavero predeterminado (en Contraseñas y claves, o en KWallet), permita el acceso a la aplicación cuando se lo pida y reinicie la aplicación.",
  "secure.fix.keyring_locked.macos":
    "Desbloquee el llavero de inicio de sesión en Acceso a Llaveros, elija Permitir cuando macOS lo pida y reinicie la aplicación.",
  "secure.fix.keyring_locked.windows":
    "Inicie sesión en Windows con su propia cuenta para que el Administrador de credenciales esté disponible para la aplicación y reiníciela.",
  "secure.fix.unknown": "Reinicie la aplicación. Si este mensaje vuelve a aparecer, muestre los detalles técnicos a su equipo de TI.",
  "secure.whatToDo": "Qué hacer",
  "secure.panelNote": "Para conectar se necesita el llavero: consulte el aviso de la parte superior de la ventana.",

  "common.technicalDetails": "Detalles técnicos",
  "common.copyValue": "Copiar: {what}",
  "common.confirm": "Confirmar",
  "header.language": "Idioma",
  "lang.en": "EN",
  "lang.es": "ES",
  "lang.en.name": "English",
  "lang.es.name": "Español",

  "rail.label": "Pasos de la configuración",
  "rail.prerequisites": "Requisitos previos",
  "rail.steps": "Pasos",

  "step.kicker.prerequisite": "Requisito previo {id}",
  "step.kicker.step": "Paso {id}",
  "step.ref.step": "paso {id}",

  "persona.marketo_admin": "Administrador de Marketo",
  "persona.salesforce_admin": "Administrador de Salesforce",
  "persona.marketo_or_salesforce_admin": "Administrador de Marketo o de Salesforce",

  "stepState.not_started": "Sin empezar",
  "stepState.in_progress": "En curso",
  "stepState.done": "Hecho",
  "stepState.blocked": "Bloqueado",
  "stepState.skipped": "Omitido",

  "how.app": "Lo hace la aplicación",
  "how.manual": "Lo hace usted en la consola",
  "how.verified": "Lo hace usted en la consola y la aplicación lo comprueba",

  "pane.how": "Cómo",
  "pane.what": "Qué hacer",
  "pane.why": "Por qué",
  "pane.where": "Dónde",
  "pane.copy": "Copiar",
  "pane.copyPath": "Copiar la ruta de la consola",
  "pane.copied": "Copiado",
  "pane.copyFailed": "No se pudo copiar: seleccione el texto y cópielo manualmente.",
  "pane.dependsOn": "Depende de: {steps}",
  "pane.noDependencies": "No depende de ningún otro paso.",
  "pane.waitingOn": "A la espera de: {steps} (aún sin hacer). Puede continuar si sabe que ya está hecho.",
  "pane.status": "Estado",
  "pane.statusBy": "por {actor} · {when}",
  "pane.reason.skipped": "Motivo de la omisión",
  "pane.reason.blocked": "Qué lo bloquea",
  "pane.reason.done": "Cómo se confirmó",
  "pane.actions": "Actualizar el estado",

  "action.markDone": "Marcar como hecho",
  "action.markInProgress": "Marcar como en curso",
  "action.skip": "Omitir con un motivo…",
  "action.block": "Marcar como bloqueado…",
  "action.reopen": "Reabrir",
  "action.cancel": "Cancelar",
  "action.confirmSkip": "Omitir este paso",
  "action.confirmBlock": "Marcar como bloqueado",
  "action.saving": "Guardando…",
  "reason.label.skipped": "¿Por qué omite este paso?",
  "reason.label.blocked": "¿Qué bloquea este paso?",
  "reason.placeholder": "Por ejemplo: lo hizo el administrador de Salesforce la semana pasada",
  "reason.required": "Escriba primero un motivo: se guarda con el paso para que el otro administrador sepa por qué.",
  "reason.verifiedByApp": "Verificado por la aplicación",
  "reason.verifiedByApp.2":
    "Verificado por la aplicación: se inició sesión en Salesforce y la cuenta de ventas indica que la organización está conectada",
  "reason.verifiedByApp.3":
    "Verificado por la aplicación: Marketo respondió con un token y la cuenta de ventas aceptó las credenciales",
  "reason.confirmedInConsole": "Confirmado por {actor} en la consola de la cuenta de ventas",

  "conn.status.not_connected": "Sin conectar",
  "conn.status.connected": "Conectado",
  "conn.status.disconnected": "Desconectado",
  "conn.status.failed": "Comprobación fallida",
  "conn.verified": "Comprobado mediante {how} el {when}",
  "conn.verifiedBy": "Comprobado mediante {how} el {when} por {actor}",
  "verifiedHow.salesforce_identity": "el servicio de identidad de Salesforce",
  "verifiedHow.marketo_token": "un token de acceso de Marketo y una llamada a la API",

  "sf.heading": "Conexión con Salesforce",
  "sf.connectedAs": "Conectado como {user} a {org} ({orgId}) en {instance}",
  "sf.connectedAsNoOrgName": "Conectado como {user} a la organización {orgId} en {instance}",
  "sf.summary.connected": "Conectado a Salesforce.",
  "sf.summary.not_connected":
    "Sin conectar. Inicie sesión con una cuenta de administrador de Salesforce para conectar este entorno.",
  "sf.summary.disconnected": "Desconectado: se eliminó el inicio de sesión de este equipo. Vuelva a iniciar sesión para conectar.",
  "sf.summary.failed": "La última comprobación no se completó. Vuelva a comprobar o vuelva a iniciar sesión.",
  "sf.lastKnown": "Última sesión como {user} (organización {orgId}).",
  "sf.signIn": "Iniciar sesión con Salesforce",
  "sf.signInAgain": "Volver a iniciar sesión",
  "sf.signInNeedsKey": "Escriba y guarde primero la clave de consumidor en la configuración de inicio de sesión.",
  "sf.verify": "Volver a comprobar",
  "sf.verifying": "Comprobando…",
  "sf.disconnect": "Desconectar",
  "sf.disconnectQuestion":
    "¿Desconectar de Salesforce? La aplicación revoca su inicio de sesión y elimina el token de este equipo. Los pasos ya registrados se mantienen como están.",
  "sf.disconnecting": "Desconectando…",
  "sf.portBusy.usePort": "Usar el puerto {port} e iniciar sesión",
  "sf.portBusy.needsCallback":
    "El puerto {port} solo funciona si {url} también está registrada como URL de devolución de llamada en la aplicación de Salesforce.",

  "sfs.heading": "Configuración de inicio de sesión",
  "sfs.sandboxPreset": "Valores predefinidos de Sandbox: apuntan al simulador integrado. Solo se puede cambiar el puerto.",
  "sfs.loginHost": "Dónde iniciar sesión",
  "sfs.host.production": "Producción (login.salesforce.com)",
  "sfs.host.sandbox": "Sandbox (test.salesforce.com)",
  "sfs.host.my_domain": "Mi dominio",
  "sfs.loginAddress": "Dirección de inicio de sesión",
  "sfs.myDomainPlaceholder": "https://suempresa.my.salesforce.com",
  "sfs.myDomainHint": "La dirección de Mi dominio de su organización, tal como la muestra el navegador con la sesión de Salesforce iniciada.",
  "sfs.consumerKey": "Clave de consumidor",
  "sfs.consumerKeyHint":
    "De la aplicación cliente externa (o aplicación conectada) creada para esta aplicación, en su configuración de OAuth (clave y secreto de consumidor). Solo se necesita la clave: la aplicación nunca pide el secreto de consumidor.",
  "sfs.port": "Puerto en este equipo",
  "sfs.portHint":
    "El navegador vuelve a la aplicación por este puerto. Cada puerto necesita su propia URL de devolución de llamada en la aplicación de Salesforce.",
  "sfs.callbackUrl": "URL de devolución de llamada que debe registrar",
  "sfs.callbackHint": "Escríbala en la configuración de OAuth de la aplicación en Salesforce exactamente como aparece.",
  "sfs.allCallbacks": "Para poder cambiar de puerto, regístrelas todas, una por línea:",
  "sfs.save": "Guardar la configuración",
  "sfs.saved": "Configuración guardada.",

  "sf.accountSees.yes": "La cuenta de ventas indica que Salesforce está conectado.",
  "sf.accountSees.no": "La cuenta de ventas aún no indica una conexión con Salesforce.",
  "mk.accountSees.yes": "La cuenta de ventas indica que Marketo está conectado.",
  "mk.accountSees.no": "La cuenta de ventas aún no indica una conexión con Marketo.",
  "wait.title": "Esperando al navegador…",
  "wait.noListener":
    "No se pudo usar el puerto de inicio de sesión, así que la aplicación no puede recibir la vuelta del navegador. Inicie sesión y pegue abajo la dirección en la que termine el navegador, o cancele y elija otro puerto en la configuración de inicio de sesión.",
  "wait.body":
    "Termine de iniciar sesión en Salesforce en el navegador y elija Permitir. La aplicación continúa sola; tiene 5 minutos.",
  "wait.link": "Dirección de inicio de sesión",
  "wait.returnsTo": "El navegador vuelve a {uri}",
  "wait.openAgain": "Volver a abrir el navegador",
  "wait.pasteLabel": "Pegar la dirección en su lugar",
  "wait.pasteHint":
    "Si el navegador no vuelve a la aplicación, copie la dirección completa de su barra de direcciones después de elegir Permitir (contiene code= y state=) y péguela aquí.",
  "wait.pasteSubmit": "Usar esta dirección",
  "wait.pasteEmpty": "Pegue primero la dirección.",
  "wait.pasted": "Dirección recibida. Terminando el inicio de sesión…",
  "wait.cancel": "Cancelar el inicio de sesión",

  "mk.heading": "Conexión con Marketo",
  "mk.connected": "Conectado al Munchkin ID {munchkin} con el ID de cliente {client}",
  "mk.summary.connected": "Conectado a Marketo.",
  "mk.summary.not_connected": "Sin conectar. Escriba abajo las credenciales de la API y pruébelas.",
  "mk.summary.disconnected": "Desconectado: se eliminó el secreto de cliente de este equipo.",
  "mk.summary.failed": "La última prueba no se completó. Revise las credenciales y vuelva a probarlas.",
  "mk.apiUser": "Usuario solo de API: {user}",
  "mk.munchkin": "Munchkin ID",
  "mk.munchkinHint":
    "AAA-BBB-CCC, por ejemplo 284-RPR-133. Dónde encontrarlo en Marketo: Administración › Integración › Servicios web (la parte del endpoint de la API REST anterior a .mktorest.com).",
  "mk.clientId": "ID de cliente (Client ID)",
  "mk.clientSecret": "Secreto de cliente (Client Secret)",
  "mk.credentialsHint":
    "Dónde encontrarlos en Marketo: Administración › Integración › LaunchPoint › (el servicio de API) › Ver detalles.",
  "common.savedSecret": "•••••• guardado",
  "mk.secretSavedHint": "Hay un secreto de cliente guardado en el llavero. Deje el campo vacío para conservarlo.",
  "mk.sandboxPreset": "Valores predefinidos de Sandbox: {munchkin} / {client} / {secret}",
  "mk.identityUrl": "Dirección del token: {url}",
  "mk.connect": "Probar la conexión y guardar",
  "mk.testing": "Probando…",
  "mk.connectedNotice": "La conexión funciona. Las credenciales se guardaron.",
  "mk.disconnect": "Desconectar",
  "mk.disconnectQuestion":
    "¿Desconectar de Marketo? El secreto de cliente se elimina de este equipo. Los pasos ya registrados se mantienen como están.",

  "handoff.title": "Hágalo en la consola de la cuenta de ventas",
  "handoff.body.2": "Ninguna API llega a esta cuenta de ventas: conéctela a Salesforce en su consola y confírmelo aquí.",
  "handoff.body.3": "Ninguna API llega a esta cuenta de ventas: pegue las credenciales de Marketo en su consola y confírmelo aquí.",
  "handoff.values": "Lo que necesita",
  "handoff.sfOrg": "Organización de Salesforce",
  "handoff.sfUser": "Usuario de Salesforce",
  "handoff.sfInstance": "Instancia de Salesforce",
  "handoff.sfSandboxHint":
    "Para una organización sandbox de Salesforce, elija Sandbox en lugar de Salesforce cuando la consola lo pregunte.",
  "handoff.sfUnknown": "Inicie sesión con Salesforce más arriba para ver aquí la organización y el usuario que debe conectar.",
  "handoff.mkUnknown": "Pruebe primero las credenciales de Marketo más arriba: los valores que debe pegar aparecerán aquí.",
  "handoff.secretHidden": "Nunca se muestra: cópielo con el botón.",
  "handoff.copySecret": "Copiar el secreto",
  "handoff.secretCopied": "Secreto copiado",
  "handoff.noSecret": "Todavía no hay ningún secreto de cliente guardado: pruebe primero las credenciales más arriba.",
  "handoff.openConsole": "Abrir la consola de la cuenta de ventas",
  "handoff.confirm": "Ya lo hice en la consola",
  "handoff.done": "Registrado como hecho.",
  "handoff.doneBy": "Registrado como hecho por {actor} el {when}.",

  "route.heading": "Cómo llega la aplicación a la cuenta de ventas",
  "route.body":
    "Las cuentas de ventas reales no tienen una API pública. Elija el traspaso a la consola (la aplicación prepara cada tarea y usted la hace en la consola) o un endpoint HTTP que siga el contrato de la cuenta de ventas.",
  "route.handoff": "Traspaso a la consola",
  "route.handoffHint": "La aplicación prepara lo que hay que hacer, abre la consola y registra lo que usted confirma.",
  "route.http": "Endpoint HTTP",
  "route.httpHint": "La aplicación hace el trabajo por sí misma mediante el endpoint.",
  "route.baseUrl": "URL base",
  "route.baseUrlHint": "Dirección https:// del endpoint (http sin cifrar solo en este equipo).",
  "route.token": "Token de acceso",
  "route.tokenSaved": "Hay un token guardado en el llavero. Deje el campo vacío para conservarlo.",
  "route.tokenNone": "Todavía no hay ningún token guardado.",
  "route.save": "Comprobar y guardar",
  "route.saving": "Comprobando…",
  "route.saved.http": "Guardado: la aplicación llega a la cuenta de ventas por HTTP.",
  "route.saved.handoff": "Guardado: la aplicación traspasa las tareas de la cuenta de ventas a su consola.",

  "invite.heading": "Invitar usuarios",
  "invite.addresses": "Direcciones de correo electrónico",
  "invite.addressesHint":
    "Separe las direcciones con coma, punto y coma, espacio o salto de línea. Se acepta «Nombre <correo>». Cada dirección se comprueba mientras escribe.",
  "invite.addressesPlaceholder": "ana.lopez@ejemplo.com\nLuis García <luis.garcia@ejemplo.com>",
  "invite.team": "Equipo",
  "invite.teamDefault": "{name} (predeterminado)",
  "invite.checking": "Comprobando…",
  "invite.send": "Invitar",
  "invite.sendCount.one": "Invitar a {count} usuario",
  "invite.sendCount.other": "Invitar a {count} usuarios",
  "invite.sendBlockedByRun": "Espere a que termine el envío en curso.",

  "check.results": "Comprobación de cada dirección",
  "check.position": "N.º",
  "check.entry": "Entrada",
  "check.result": "Resultado",
  "check.ready.one": "{count} lista para invitar",
  "check.ready.other": "{count} listas para invitar",
  "check.invalid.one": "{count} no válida",
  "check.invalid.other": "{count} no válidas",
  "check.duplicates.one": "{count} repetida",
  "check.duplicates.other": "{count} repetidas",
  "check.already.one": "{count} ya invitada o ya miembro",
  "check.already.other": "{count} ya invitadas o ya miembros",
  "check.overSeats.one": "{count} sin puesto libre",
  "check.overSeats.other": "{count} sin puesto libre",
  "check.seatsLeft.one": "queda {count} puesto libre",
  "check.seatsLeft.other": "quedan {count} puestos libres",

  "verdict.ready": "Lista para invitar",
  "verdict.invalid": "Dirección no válida",
  "verdict.invalidBecause": "Dirección no válida: {problem}",
  "verdict.duplicate_in_input": "Repite la entrada {position}",
  "verdict.already_invited": "Ya tiene una invitación",
  "verdict.already_member": "Ya es miembro",
  "verdict.over_seats": "No queda ningún puesto libre",

  "problem.empty": "la dirección está vacía",
  "problem.missing_at": "la dirección no tiene @",
  "problem.several_at": "la dirección tiene más de una @",
  "problem.empty_local_part": "no hay nada antes de la @",
  "problem.local_part_too_long": "la parte anterior a la @ tiene más de 64 caracteres",
  "problem.invalid_local_part": "la parte anterior a la @ contiene un carácter no permitido",
  "problem.empty_domain": "no hay nada después de la @",
  "problem.invalid_domain": "el dominio después de la @ no es válido",
  "problem.too_long": "la dirección tiene más de 254 caracteres",

  "progress.label": "Enviando invitaciones",
  "progress.count": "{done} de {total}",
  "progress.rate": "{rate}/s",
  "progress.eta": "quedan unos {duration}",
  "progress.estimating": "calculando el tiempo restante…",
  "progress.paused": "En pausa",
  "progress.pausing": "Se pondrá en pausa tras la invitación en curso…",
  "progress.cancelling": "Se detendrá tras la invitación en curso…",
  "progress.current": "Enviando a {email}",
  "progress.pause": "Pausar",
  "progress.resume": "Reanudar",
  "progress.cancel": "Cancelar",
  "duration.seconds": "{s} s",
  "duration.minutes": "{m} min {s} s",
  "duration.hours": "{h} h {m} min",

  "outcome.title": "Invitaciones enviadas",
  "outcome.titleCancelled": "Envío cancelado",
  "outcome.sent.one": "{count} invitación enviada",
  "outcome.sent.other": "{count} invitaciones enviadas",
  "outcome.invalid.one": "{count} no válida",
  "outcome.invalid.other": "{count} no válidas",
  "outcome.duplicates.one": "{count} repetida omitida",
  "outcome.duplicates.other": "{count} repetidas omitidas",
  "outcome.already.one": "{count} ya invitada o ya miembro",
  "outcome.already.other": "{count} ya invitadas o ya miembros",
  "outcome.overSeats.one": "{count} sin enviar: no quedan puestos libres",
  "outcome.overSeats.other": "{count} sin enviar: no quedan puestos libres",
  "outcome.skipped.one": "{count} omitida: ya es miembro",
  "outcome.skipped.other": "{count} omitidas: ya son miembros",
  "outcome.failed.one": "{count} con error",
  "outcome.failed.other": "{count} con error",
  "outcome.leftQueued.one": "{count} sigue pendiente de envío",
  "outcome.leftQueued.other": "{count} siguen pendientes de envío",
  "outcome.dismiss": "Cerrar",

  "queued.banner.one": "{count} invitación está pendiente de envío.",
  "queued.banner.other": "{count} invitaciones están pendientes de envío.",
  "queued.send": "Enviar ahora",

  "reconcile.note.one":
    "Se comprobó {count} invitación interrumpida la última vez. Confirmadas como enviadas: {confirmed}. De nuevo en cola: {requeued}.",
  "reconcile.note.other":
    "Se comprobaron {count} invitaciones interrumpidas la última vez. Confirmadas como enviadas: {confirmed}. De nuevo en cola: {requeued}.",
  "reconcile.error":
    "No se pudieron comprobar con la cuenta de ventas las invitaciones interrumpidas la última vez. Quedan en espera, ninguna se envía dos veces y se comprobarán de nuevo en el próximo inicio.",
  "reconcile.details": "Detalles técnicos",

  "invitations.heading": "Invitaciones",
  "invitations.refresh": "Actualizar",
  "invitations.refreshing": "Actualizando…",
  "invitations.empty": "Todavía no hay invitaciones. Las que envíe aparecerán aquí con su estado.",
  "invitations.person": "Correo electrónico y nombre",
  "invitations.team": "Equipo",
  "invitations.state": "Estado",
  "invitations.reason": "Motivo",
  "invitations.invitedBy": "Invitada por",
  "invitations.updated": "Último cambio",

  "invitationState.draft": "Borrador",
  "invitationState.queued": "En cola",
  "invitationState.sending": "Enviándose",
  "invitationState.sent": "Enviada",
  "invitationState.accepted": "Aceptada",
  "invitationState.failed": "Con error",
  "invitationState.skipped": "Omitida",
  "invitationState.expired": "Caducada",
  "invitationState.revoked": "Revocada",

  "inviteTabs.label": "Cómo añadir personas",
  "inviteTabs.addresses": "Escribir direcciones",
  "inviteTabs.csv": "Desde un archivo CSV",

  "import.heading": "Invitar usuarios desde un archivo CSV",
  "import.intro":
    "Use un archivo guardado desde Excel, un informe de Salesforce o un sistema de RR. HH. Primero se comprueba cada fila; no se envía nada hasta que usted lo confirme.",
  "import.drop.title": "Suelte aquí un archivo CSV",
  "import.drop.or": "o",
  "import.drop.choose": "Elegir archivo…",
  "import.drop.release": "Suelte para abrir el archivo",
  "import.drop.hint":
    "Un archivo .csv o .txt en UTF-8, UTF-16 (“Texto Unicode” de Excel) o Windows-1252, separado por comas, puntos y coma, tabuladores o barras verticales. Una columna debe contener la dirección de correo electrónico.",
  "import.drop.onlyFirst": "Se soltaron varios archivos: solo se lee {name}. Importe los demás de uno en uno.",
  "import.opening": "Leyendo el archivo…",
  "import.reset": "Importar otro archivo",
  "import.back": "Cambiar las columnas",
  "import.latestNote": "Su última importación, conservada de la sesión anterior.",

  "import.file.heading": "Lo que la aplicación encontró en el archivo",
  "import.file.name": "Archivo",
  "import.encoding": "Codificación",
  "import.encoding.bom": "con marca de orden de bytes",
  "import.encoding.utf-8": "UTF-8 (la mayoría de los archivos)",
  "import.encoding.utf-16le": "UTF-16 LE (“Texto Unicode” de Excel)",
  "import.encoding.utf-16be": "UTF-16 BE (Unicode, orden de bytes big-endian)",
  "import.encoding.windows-1252": "Windows-1252 (Europa occidental, Excel antiguo)",
  "import.delimiter": "Separador",
  "import.delimiter.comma": "Coma ( , )",
  "import.delimiter.semicolon": "Punto y coma ( ; )",
  "import.delimiter.tab": "Tabulador",
  "import.delimiter.pipe": "Barra vertical ( | )",
  "import.header": "Primera fila",
  "import.header.yes": "Nombres de columna (encabezado)",
  "import.header.no": "Una persona (sin encabezado)",
  "import.detected": "Detectado en el archivo",
  "import.detectedWas": "Detectado: {value}",
  "import.overrideHint":
    "La aplicación lo dedujo del archivo. Cambie alguno si las columnas de abajo no parecen correctas.",

  "import.mapping.heading": "Columnas",
  "import.mapping.intro": "Qué columna del archivo contiene cada dato. Solo el correo electrónico es obligatorio.",
  "import.mapping.field": "Dato",
  "import.mapping.column": "Columna del archivo",
  "import.mapping.sample": "Primeros valores",
  "import.mapping.none": "— no está en el archivo —",
  "import.mapping.columnN": "Columna {n}",
  "import.mapping.noSample": "ningún valor en las primeras filas",
  "import.mapping.remembered": "Recordado de su última importación de un archivo con estas columnas.",
  "import.mapping.emailMissing":
    "Elija la columna que contiene la dirección de correo electrónico: sin ella no se pueden comprobar las filas.",
  "import.target.email": "Correo electrónico (obligatorio)",
  "import.target.first_name": "Nombre",
  "import.target.last_name": "Apellidos",
  "import.target.team": "Equipo",
  "import.target.role": "Rol",
  "import.team.label": "Equipo para las filas sin equipo",
  "import.team.hint":
    "Las filas con la celda de equipo vacía se unen a este equipo. «Everyone» o «Todos» en el archivo significa el equipo predeterminado.",
  "import.check": "Comprobar filas",
  "import.checking": "Comprobando cada fila…",

  "import.preview.title": "Importación n.º {id} · {file}",
  "import.preview.meta": "Comprobado el {when} · {encoding} · {delimiter}",
  "import.counts.label": "Filas por resultado: elija uno para ver solo esas filas",
  "import.count.rows": "Filas",
  "import.count.valid": "Válidas",
  "import.count.invalid": "No válidas",
  "import.count.duplicate": "Repetidas",
  "import.count.already": "Ya invitadas o miembros",
  "import.count.over_seats": "Sin puesto libre",
  "import.validNote":
    "{valid} filas válidas en total: las válidas de arriba más las ya invitadas o miembros y las que no tienen puesto libre.",
  "import.problems.heading": "Problemas encontrados",
  "import.problems.label": "Ver solo las filas con este problema",
  "import.problem.email_missing": "Sin correo",
  "import.problem.email_invalid": "Correo no válido",
  "import.problem.email_too_long": "Correo demasiado largo",
  "import.problem.name_too_long": "Nombre demasiado largo",
  "import.problem.role_too_long": "Rol demasiado largo",
  "import.problem.team_unknown": "Equipo desconocido",
  "import.filter.all.one": "Se muestra {count} fila",
  "import.filter.all.other": "Se muestran las {count} filas",
  "import.filter.some.one": "Se muestra {count} fila: {filter}",
  "import.filter.some.other": "Se muestran {count} filas: {filter}",
  "import.filter.clear": "Ver todas las filas",

  "import.table.label": "Filas del archivo",
  "import.table.loading": "Cargando…",
  "import.table.empty": "Ninguna fila coincide con este filtro.",
  "import.col.row": "Fila",
  "import.col.email": "Correo electrónico",
  "import.col.firstName": "Nombre",
  "import.col.lastName": "Apellidos",
  "import.col.team": "Equipo",
  "import.col.status": "Resultado",
  "import.status.valid": "Válida",
  "import.status.invalid": "No válida",
  "import.status.duplicate": "Repetida",
  "import.status.already": "Ya invitada o miembro",
  "import.status.over_seats": "Sin puesto libre",
  "import.row.repeats": "Repite la fila {row}",
  "import.row.handedOff": "Traspasada a la consola",
  "import.row.defaultTeam": "equipo predeterminado",
  "import.row.showProblems": "Ver los problemas de la fila {row}",
  "import.detail.title": "Fila {row}",
  "import.detail.problem": "{column}: «{value}»",
  "import.detail.close": "Cerrar",

  "import.invite.count.one": "Invitar a {count} persona",
  "import.invite.count.other": "Invitar a {count} personas",
  "import.confirm.send.one": "Se enviará {count} invitación desde la cuenta de ventas, al equipo que figura en su fila.",
  "import.confirm.send.other": "Se enviarán {count} invitaciones desde la cuenta de ventas, cada una al equipo que figura en su fila.",
  "import.confirm.notSent.one": "{count} fila no se enviará: {reasons}.",
  "import.confirm.notSent.other": "{count} filas no se enviarán: {reasons}.",
  "import.confirm.go.one": "Enviar {count} invitación",
  "import.confirm.go.other": "Enviar {count} invitaciones",
  "import.reason.invalid.one": "{count} no válida",
  "import.reason.invalid.other": "{count} no válidas",
  "import.reason.duplicates.one": "{count} repetida",
  "import.reason.duplicates.other": "{count} repetidas",
  "import.reason.already.one": "{count} ya invitada o miembro",
  "import.reason.already.other": "{count} ya invitadas o miembros",
  "import.reason.overSeats.one": "{count} sin puesto libre",
  "import.reason.overSeats.other": "{count} sin puesto libre",
  "import.reason.invited.one": "{count} ya invitada antes desde este archivo",
  "import.reason.invited.other": "{count} ya invitadas antes desde este archivo",
  "import.reason.handedOff.one": "{count} ya traspasada antes a la consola",
  "import.reason.handedOff.other": "{count} ya traspasadas antes a la consola",
  "import.nothing.allDone":
    "Todas las filas válidas de este archivo ya se invitaron o se traspasaron a la consola: no queda nada por enviar.",
  "import.nothing.overSeats":
    "No se puede invitar ninguna fila: las filas válidas superan los puestos libres de la cuenta de ventas. Libere puestos o añada más en la consola y vuelva a importar el archivo.",
  "import.nothing.noValid":
    "No se puede invitar ninguna fila: ninguna tiene un correo válido que no esté ya invitado o sea miembro. Exporte las filas con errores, corríjalas e importe ese archivo.",
  "import.remaining.one": "Queda {count} fila de este archivo por invitar.",
  "import.remaining.other": "Quedan {count} filas de este archivo por invitar.",
  "import.invitedSoFar.one": "{count} fila de este archivo tiene invitación: su estado aparece en la tabla.",
  "import.invitedSoFar.other": "{count} filas de este archivo tienen invitación: su estado aparece en la tabla.",

  "import.handoff.intro.one":
    "Este entorno llega a la cuenta de ventas mediante su consola. La aplicación guarda un archivo limpio con la {count} fila por invitar (Email, First Name, Last Name, Team) y abre la página de la consola para importarlo.",
  "import.handoff.intro.other":
    "Este entorno llega a la cuenta de ventas mediante su consola. La aplicación guarda un archivo limpio con las {count} filas por invitar (Email, First Name, Last Name, Team) y abre la página de la consola para importarlo.",
  "import.handoff.save": "Guardar archivo para la consola",
  "import.handoff.saving": "Guardando…",
  "import.handoff.saved.one": "Se guardó {count} fila en {path}.",
  "import.handoff.saved.other": "Se guardaron {count} filas en {path}.",
  "import.handoff.opened":
    "La aplicación abrió la consola de la cuenta de ventas en {url} (si no se abrió, use el botón de abajo). Importe allí el archivo y confírmelo aquí.",
  "import.handoff.openAgain": "Volver a abrir la consola",
  "import.handoff.mark": "Ya lo importé en la consola",
  "import.handoff.done.one": "{count} fila registrada como importada en la consola.",
  "import.handoff.done.other": "{count} filas registradas como importadas en la consola.",

  "import.export.heading": "Exportar",
  "import.export.hint":
    "Resultados: todas las filas con su resultado y motivo. Filas con errores: solo las filas no válidas, con sus columnas originales, listas para corregir y volver a importar.",
  "import.export.results": "Exportar resultados",
  "import.export.failed": "Exportar filas con errores",
  "import.export.noFailed": "Ninguna fila es no válida: no hay filas con errores que exportar.",
  "import.export.saving": "Guardando…",
  "import.export.done.one": "Se guardó {count} fila en {path}.",
  "import.export.done.other": "Se guardaron {count} filas en {path}.",

  "reasonCode.already_invited": "Ya tenía una invitación: se conserva la existente",
  "reasonCode.already_member": "Ya es miembro de la cuenta de ventas",
  "reasonCode.reconciled": "Confirmada con la cuenta de ventas tras una interrupción",
  "reasonCode.not_found_on_service": "No se encontró en la cuenta de ventas tras una interrupción: de nuevo en cola",
  "reasonCode.bounced": "El correo fue devuelto: compruebe la dirección",
  "reasonCode.no_seats_left": "No quedan puestos libres en la cuenta de ventas",
  "reasonCode.rate_limited": "La cuenta de ventas pidió reducir el ritmo: se puede volver a enviar más tarde",
  "reasonCode.network": "No se pudo acceder a la cuenta de ventas: se puede volver a enviar más tarde",
  "reasonCode.server_error": "La cuenta de ventas tuvo un error interno: se puede volver a enviar más tarde",
  "reasonCode.invalid_email": "La cuenta de ventas rechazó la dirección",
  "reasonCode.unauthorized": "La cuenta de ventas rechazó el acceso de la aplicación",
  "reasonCode.unknown_team": "El equipo no existe en la cuenta de ventas",
  "reasonCode.bad_response": "La cuenta de ventas envió una respuesta que la aplicación no pudo leer",

  "error.unexpected": "Se produjo un error inesperado. Vuelva a intentarlo; si se repite, reinicie la aplicación.",
  "error.database":
    "La aplicación no pudo leer ni escribir su registro local. Reiníciela; si se repite, compruebe que su carpeta de datos no esté llena ni sea de solo lectura.",
  "error.sales_account":
    "La cuenta de ventas rechazó la solicitud. Vuelva a intentarlo; si se repite, revise la cuenta en su consola.",
  "error.sales_account.no_seats_left":
    "La cuenta de ventas no tiene puestos libres. Libere puestos o añada más en la consola y vuelva a intentarlo.",
  "error.sales_account.rate_limited":
    "La cuenta de ventas está recibiendo demasiadas solicitudes. Espere un minuto y vuelva a intentarlo.",
  "error.sales_account.network":
    "No se pudo acceder a la cuenta de ventas. Compruebe la conexión de red y vuelva a intentarlo.",
  "error.sales_account.unauthorized":
    "La cuenta de ventas rechazó el acceso de la aplicación. Vuelva a conectar la cuenta y reintente.",
  "error.sales_account.invalid_email":
    "La cuenta de ventas indica que una dirección no es válida. Corríjala y vuelva a intentarlo.",
  "error.sales_account.server_error": "La cuenta de ventas tuvo un error interno. Vuelva a intentarlo dentro de unos minutos.",
  "error.sales_account.unknown_team":
    "La cuenta de ventas no conoce ese equipo. Elija otro equipo y vuelva a intentarlo.",
  "error.sales_account.bad_response":
    "La cuenta de ventas envió una respuesta que la aplicación no pudo leer. Vuelva a intentarlo más tarde.",
  "error.unknown_step": "La aplicación no conoce este paso. Reiníciela para volver a cargar el plan.",
  "error.reason_required": "Para omitir o bloquear un paso se necesita un motivo. Escríbalo y confirme.",
  "error.unknown_team": "Ese equipo ya no existe en la cuenta de ventas. Elija otro equipo y vuelva a intentarlo.",
  "error.nothing_to_invite":
    "Ninguna dirección está lista para invitar. Revise los resultados de arriba, corrija la lista y vuelva a intentarlo.",
  "error.run_in_progress": "Ya se están enviando invitaciones. Espere a que termine ese envío y vuelva a intentarlo.",
  "error.startup": "La aplicación no pudo iniciar sus servicios. Ciérrela y vuelva a abrirla.",
  "error.open_failed": "No se pudo abrir el navegador. Copie la dirección y ábrala usted.",
  "error.clipboard": "No se pudo escribir en el portapapeles. Vuelva a intentarlo; si se repite, reinicie la aplicación.",

  "error.access_denied":
    "Se denegó el inicio de sesión en Salesforce. Vuelva a iniciar sesión y elija Permitir; si ya lo hizo, un administrador de Salesforce bloqueó la aplicación (Configuración › Uso de OAuth de aplicaciones conectadas).",
  "error.redirect_uri_mismatch":
    "Salesforce no acepta la URL de devolución de llamada de la aplicación. Un administrador de Salesforce debe registrarla en la aplicación exactamente como aparece en la configuración de inicio de sesión (una línea por puerto).",
  "error.invalid_client": "El servicio rechazó las credenciales de la aplicación. Revise los valores que escribió y vuelva a intentarlo.",
  "error.salesforce.invalid_client":
    "Salesforce no conoce esta clave de consumidor, o la aplicación no está instalada en esta organización. Revise la clave y dónde inicia sesión (Producción, Sandbox o Mi dominio); si ambas son correctas, un administrador de Salesforce debe instalar o aprobar la aplicación.",
  "error.oauth_approval_error_generic":
    "La política de su organización bloqueó la aplicación antes del consentimiento. Un administrador de Salesforce debe instalar la aplicación en la organización o concederle el permiso «Aprobar aplicaciones conectadas desinstaladas».",
  "error.invalid_grant_code": "El inicio de sesión tardó demasiado o se interrumpió. Vuelva a iniciar sesión.",
  "error.invalid_grant_refresh":
    "El inicio de sesión guardado de Salesforce caducó o se revocó (cambio de contraseña, acción de un administrador o política de sesión). Vuelva a iniciar sesión.",
  "error.invalid_grant_not_approved":
    "La política de Salesforce no permite que este usuario use la aplicación. Un administrador de Salesforce debe autorizar previamente su perfil o conjunto de permisos, o ampliar los intervalos de IP o el horario de inicio de sesión que lo bloquean.",
  "error.inactive_user": "Este usuario de Salesforce está desactivado o congelado. Inicie sesión con otra cuenta.",
  "error.inactive_org": "Esta organización de Salesforce está bloqueada o caducada. Inicie sesión en otra organización.",
  "error.invalid_scope":
    "La aplicación no permite un ámbito que necesita. Un administrador de Salesforce debe permitir api, refresh_token y openid en la aplicación.",
  "error.oauth_error":
    "Salesforce rechazó el inicio de sesión. Vuelva a intentarlo; si se repite, muestre los detalles técnicos a un administrador de Salesforce.",
  "error.state_mismatch":
    "Esa respuesta no corresponde al inicio de sesión en curso. Vuelva a iniciar sesión y use solo la pestaña más reciente del navegador.",
  "error.port_busy":
    "El puerto de inicio de sesión de este equipo ya está en uso. Cierre el programa que lo usa o inicie sesión en otro puerto.",
  "error.port_busy.port":
    "El puerto {port} de este equipo ya está en uso. Cierre el programa que lo usa o inicie sesión en otro puerto.",
  "error.port_busy.holder":
    "El puerto {port} de este equipo ya lo usa {holder}. Cierre ese programa o inicie sesión en otro puerto.",
  "error.listener_failed":
    "La aplicación no pudo abrir un puerto para recibir la respuesta del navegador. Elija otro puerto en la configuración de inicio de sesión y vuelva a iniciar sesión.",
  "error.timed_out":
    "No llegó ninguna respuesta del navegador en 5 minutos. Vuelva a iniciar sesión y termine el proceso en el navegador.",
  "error.cancelled": "Inicio de sesión cancelado. Vuelva a empezar cuando quiera.",
  "error.already_finished": "Este inicio de sesión ya terminó. Inicie uno nuevo si lo necesita.",
  "error.invalid_redirect":
    "Esa no es la dirección a la que Salesforce envió el navegador. Copie la dirección completa de la barra de direcciones después de elegir Permitir (contiene code= y state=) y vuelva a pegarla.",
  "error.network":
    "No se pudo acceder al servicio. Compruebe la conexión a Internet (y cualquier proxy o VPN) y vuelva a intentarlo.",
  "error.salesforce.network":
    "No se pudo acceder a Salesforce. Compruebe la conexión a Internet (y cualquier proxy o VPN) y vuelva a intentarlo.",
  "error.marketo.network":
    "No se pudo acceder a Marketo. Compruebe la conexión a Internet, el proxy y el cortafuegos de este equipo (debe llegar a *.mktorest.com por HTTPS) y vuelva a intentarlo.",
  "error.bad_response": "El servicio envió una respuesta que la aplicación no pudo leer. Vuelva a intentarlo más tarde.",
  "error.salesforce.bad_response":
    "Salesforce envió una respuesta que la aplicación no pudo leer. Vuelva a intentarlo más tarde; si se repite, revise la dirección de inicio de sesión.",
  "error.marketo.bad_response":
    "La dirección respondió, pero no como Marketo. Revise el Munchkin ID y cualquier proxy entre este equipo y Marketo.",
  "error.invalid_login_host":
    "No se puede usar esa dirección de inicio de sesión. Escriba su Mi dominio, como https://suempresa.my.salesforce.com, o elija Producción o Sandbox.",
  "error.session_expired": "El inicio de sesión de Salesforce caducó. Vuelva a iniciar sesión.",
  "error.request_limit_exceeded":
    "La organización agotó sus solicitudes diarias a la API de Salesforce. Vuelva a intentarlo más tarde (el límite es de 24 horas móviles).",
  "error.api_disabled":
    "La API de Salesforce no está habilitada para esta organización o este usuario. Un administrador de Salesforce debe conceder a su perfil o conjunto de permisos «API habilitada».",
  "error.insufficient_access":
    "Este usuario de Salesforce no puede hacer eso. Inicie sesión con un administrador de Salesforce o pídale el permiso que falta.",
  "error.not_found": "Falta algo esperado en la organización de Salesforce (por ejemplo, el paquete Marketo Sales Insight).",
  "error.bad_request": "Salesforce rechazó la solicitud. Vuelva a intentarlo; si se repite, informe de los detalles técnicos.",
  "error.server_error": "Salesforce tiene problemas. Vuelva a intentarlo dentro de unos minutos.",
  "error.rejected": "Salesforce rechazó la solicitud. Vuelva a intentarlo; si se repite, informe de los detalles técnicos.",

  "error.invalid_munchkin":
    "Un Munchkin ID tiene la forma AAA-BBB-CCC, por ejemplo 284-RPR-133. Cópielo de Administración › Integración › Servicios web.",
  "error.unknown_munchkin":
    "Ninguna instancia de Marketo responde a este Munchkin ID. Revíselo en Administración › Integración › Servicios web: es la parte del endpoint de la API REST anterior a .mktorest.com.",
  "error.marketo.invalid_client":
    "Marketo rechazó el ID de cliente y el secreto de cliente. Vuelva a copiarlos de Administración › Integración › LaunchPoint › (el servicio de API) › Ver detalles.",
  "error.access_denied_603":
    "Marketo denegó el acceso (603): al rol del usuario solo de API le falta un permiso, o una lista de IP permitidas bloquea este equipo. Corríjalo en Administración › Usuarios y roles o en Administración › Integración › Servicios web › Restricciones de IP.",
  "error.rate_limited":
    "Marketo está limitando las llamadas: otras integraciones comparten el límite de esta instancia (100 llamadas cada 20 segundos). Espere un minuto y vuelva a intentarlo.",
  "error.daily_quota":
    "Se agotó la cuota diaria de la API de Marketo. Se restablece a medianoche, hora central de EE. UU.; vuelva a intentarlo entonces.",
  "error.token_expired":
    "Marketo sigue rechazando un token de acceso nuevo. Vuelva a intentarlo; si se repite, compruebe que el servicio de API de LaunchPoint siga activo.",
  "error.server": "Marketo tiene problemas en este momento. Vuelva a intentarlo dentro de unos minutos.",
  "error.refused": "Marketo rechazó la solicitud. Vuelva a intentarlo; si se repite, informe de los detalles técnicos.",

  "error.no_secure_store":
    "Este equipo no tiene ningún llavero disponible, así que no se puede conectar nada. Consulte el aviso de la parte superior de la ventana.",
  "error.keyring_locked":
    "El llavero está bloqueado o denegó el acceso. Desbloquéelo, permita el acceso a la aplicación cuando se lo pida y vuelva a intentarlo.",
  "error.secret_too_large": "Un secreto es más grande de lo que admite el llavero. Informe de este problema.",
  "error.keyring_failure": "El llavero falló. Vuelva a intentarlo; si se repite, reinicie el llavero del equipo o la aplicación.",
  "error.secret_corrupt": "Un secreto guardado está dañado. Vuelva a conectar para sustituirlo.",
  "error.invalid_secret_key": "El llavero rechazó el nombre de un secreto. Informe de este problema.",

  "error.no_pending_sign_in": "Ningún inicio de sesión está esperando respuesta. Vuelva a iniciar sesión.",
  "error.sign_in_in_progress": "Ya hay un inicio de sesión esperando al navegador. Termínelo o cancélelo primero.",
  "error.missing_consumer_key":
    "Falta la clave de consumidor. Escríbala en la configuración de inicio de sesión, guárdela e inicie sesión.",
  "error.invalid_port": "No se puede usar ese puerto. Elija otro, como 1717, 1718 o 1719.",
  "error.missing_secret": "No hay ningún secreto de cliente guardado. Escriba el secreto de cliente y pruebe la conexión.",

  "error.handoff_route":
    "Este entorno llega a la cuenta de ventas mediante su consola: hágalo allí y confírmelo aquí.",
  "error.missing_base_url": "Escriba la URL base del endpoint (https://…, o http:// solo en este equipo) y guarde.",
  "error.missing_token": "Escriba el token de acceso del endpoint y guarde.",

  "error.unreadable":
    "No se pudo leer el archivo. Compruebe que sigue existiendo, que tiene permiso para abrirlo y que ningún otro programa lo tiene bloqueado, y vuelva a intentarlo.",
  "error.empty": "El archivo está vacío. Elija el archivo que contiene a las personas que quiere invitar.",
  "error.no_header":
    "La primera fila no parece contener nombres de columna (contiene una dirección de correo o nada). Añada una fila de encabezado como Correo,Nombre,Apellidos,Equipo y vuelva a importar el archivo.",
  "error.no_email_column":
    "Ninguna columna contiene la dirección de correo electrónico. Elíjala en Columnas o llame Correo (o Email) a una columna del archivo.",
  "error.mapping_does_not_fit":
    "Las columnas elegidas no encajan con este archivo: tiene menos columnas. Vuelva a elegir las columnas.",
  "error.not_csv":
    "El archivo no es un CSV legible. Revise la codificación y el separador, o vuelva a guardarlo desde Excel como «CSV UTF-8» e importe ese archivo.",
  "error.cannot_write":
    "No se pudo guardar el archivo ahí. Elija una carpeta en la que pueda escribir o cierre el programa que tiene abierto el archivo, y vuelva a intentarlo.",
  "error.no_data_rows":
    "El archivo tiene nombres de columna pero ninguna fila de personas. Añada las personas debajo del encabezado y vuelva a importarlo.",
  "error.not_a_file": "Eso no es un archivo (quizá una carpeta). Elija o suelte un archivo CSV.",
  "error.import_not_found": "Esta importación ya no está en el registro de la aplicación. Vuelva a importar el archivo.",
  "error.bad_option": "La aplicación no conoce esa codificación o ese separador. Elija uno de la lista.",
  "error.store":
    "La aplicación no pudo leer ni escribir su registro local de esta importación. Reiníciela; si se repite, vuelva a importar el archivo.",
};
