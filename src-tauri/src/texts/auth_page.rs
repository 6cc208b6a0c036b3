//! The page the browser tab shows after Salesforce redirects to the loopback listener (auth/page.rs).

super::texts! {
    WAITING = (
        "This address is waiting for Salesforce's answer. Return to MSI Actions Setup.",
        "Esta dirección espera la respuesta de Salesforce. Vuelve a MSI Actions Setup.",
    );
    FOREIGN_TITLE = ("This link is not from your sign-in", "Este enlace no es de tu inicio de sesión");
    FOREIGN_TEXT = (
        "MSI Actions Setup ignored it and is still waiting for Salesforce. Return to the app to continue.",
        "MSI Actions Setup lo ha ignorado y sigue esperando a Salesforce. Vuelve a la aplicación para continuar.",
    );
    SIGNED_IN_TITLE = ("Signed in to Salesforce", "Sesión iniciada en Salesforce");
    NOT_SIGNED_IN_TITLE = ("Salesforce sign-in did not finish", "No se completó el inicio de sesión en Salesforce");
    SIGNED_IN_TEXT = (
        "You are signed in. You can close this tab and return to MSI Actions Setup.",
        "Has iniciado sesión. Puedes cerrar esta pestaña y volver a MSI Actions Setup.",
    );
    NOT_SIGNED_IN_TEXT = (
        "Return to MSI Actions Setup: it shows what to do next. You can close this tab.",
        "Vuelve a MSI Actions Setup: allí verás qué hacer. Puedes cerrar esta pestaña.",
    );
    ACCESS_DENIED = ("Access to the app was denied.", "Se denegó el acceso a la aplicación.");
    STATE_MISMATCH = ("The answer does not belong to this sign-in.", "La respuesta no corresponde a este inicio de sesión.");
    ALREADY_FINISHED = ("This sign-in had already finished.", "Este inicio de sesión ya había terminado.");
    CODE_REJECTED = ("Salesforce refused the sign-in code; start again.", "Salesforce rechazó el código; vuelve a iniciar sesión.");
    UNREACHABLE = ("Salesforce could not be reached.", "No se pudo contactar con Salesforce.");
    NOT_COMPLETED = ("Salesforce did not complete the sign-in.", "Salesforce no completó el inicio de sesión.");
}
