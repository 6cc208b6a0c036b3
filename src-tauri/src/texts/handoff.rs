//! The hand-off document for the other admin (handoff.rs): its headings, the names of personas, states,
//! ways of doing a step and check outcomes, and the labels of the values it lists.

super::texts! {
    TITLE = ("MSI Actions setup: steps for the", "Configuración de MSI Actions: pasos para el");
    INTRO = (
        "Prepared by {actor} on {at} with MSI Actions Setup ({env}). Do these steps in the consoles named below; when the app runs on your machine, its checks show your progress.",
        "Preparado por {actor} el {at} con MSI Actions Setup ({env}). Haga estos pasos en las consolas indicadas; cuando la aplicación se ejecute en su equipo, sus comprobaciones mostrarán el avance.",
    );
    VALUES = ("Values you will need", "Valores que necesitará");
    NO_VALUES = ("No connection is set up yet.", "Todavía no hay ninguna conexión configurada.");
    STATUS = ("Status", "Estado");
    HOW = ("How", "Cómo");
    WHERE = ("Where", "Dónde");
    WHAT = ("What to do", "Qué hacer");
    WHY = ("Why", "Por qué");
    CHECKED = ("Last checked by the app", "Última comprobación de la aplicación");
    NO_SECRETS = (
        "No password, token or client secret is included in this document: ask for them in person or read them in the console.",
        "Este documento no incluye contraseñas, tokens ni secretos de cliente: pídalos en persona o consúltelos en la consola.",
    );

    MARKETO_ADMIN = ("Marketo admin", "administrador de Marketo");
    SALESFORCE_ADMIN = ("Salesforce admin", "administrador de Salesforce");
    EITHER_ADMIN = ("Marketo or Salesforce admin", "administrador de Marketo o de Salesforce");

    NOT_STARTED = ("not started", "sin empezar");
    IN_PROGRESS = ("in progress", "en curso");
    DONE = ("done", "hecho");
    BLOCKED = ("blocked", "bloqueado");
    SKIPPED = ("skipped", "omitido");

    BY_THE_APP = ("done by the app", "lo hace la aplicación");
    VERIFIED = ("done by you in the console, checked by the app", "lo hace usted en la consola y la aplicación lo comprueba");
    MANUAL = ("done by you in the console", "lo hace usted en la consola");
    CONFIRMED = (
        "done by you in the console and confirmed by you (the app checks what it can read)",
        "lo hace usted en la consola y lo confirma usted (la aplicación comprueba lo que puede leer)",
    );

    VERIFIED_BY_APP = ("verified by the app", "verificado por la aplicación");
    VERIFIED_BY_ADMIN = ("confirmed by an admin in the app", "confirmado por un administrador en la aplicación");
    VERIFIED_BY_SALES_CONSOLE = (
        "confirmed as done in the Sales-account console",
        "confirmado como hecho en la consola de la cuenta de ventas",
    );

    CHECK_OK = ("all as it should be", "todo correcto");
    CHECK_GAPS = ("something is left to do", "queda algo por hacer");
    CHECK_FAILED = ("could not be read", "no se pudo leer");

    ORG = ("Salesforce org", "Organización de Salesforce");
    ORG_ID = ("Salesforce org ID", "ID de la organización de Salesforce");
    INSTANCE_URL = ("Salesforce instance URL", "URL de la instancia de Salesforce");
    CONNECTED_USER = ("Connected Salesforce user", "Usuario de Salesforce conectado");
    MUNCHKIN_ID = ("Marketo Munchkin ID", "Munchkin ID de Marketo");
    REMOTE_SITE = ("Remote site {n}", "Sitio remoto {n}");
    APPEXCHANGE = ("MSI package on AppExchange", "Paquete MSI en AppExchange");
    PERMISSION_SET = (
        "Permission set (remove profile access to MSI first)",
        "Conjunto de permisos (quite antes el acceso a MSI de los perfiles)",
    );
    CONNECTED_APP = (
        "Connected app that must not be blocked (Connected Apps OAuth Usage)",
        "App conectada que no debe estar bloqueada (Connected Apps OAuth Usage)",
    );
    SALES_CONSOLE = ("Sales account console", "Consola de la cuenta de ventas");
    ACTIONS_MUNCHKIN_ID = (
        "Munchkin ID for the Sales account (Actions Config)",
        "Munchkin ID para la cuenta de ventas (Configuración de acciones)",
    );
    ACTIONS_CLIENT_ID = (
        "Client ID for the Sales account (Actions Config)",
        "Client ID para la cuenta de ventas (Configuración de acciones)",
    );
    SYNC_USER = (
        "Salesforce user of Marketo's sync (named by you)",
        "Usuario de Salesforce de la sincronización de Marketo (indicado por usted)",
    );
}
