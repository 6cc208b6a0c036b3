//! The setup guide as data: two prerequisites and seven steps, in the order and with the personas of
//! Adobe's "MSI Actions admin guide". Texts live here (not in the UI) so that the window, the CLI and the
//! hand-off export all say the same thing.

use serde::Serialize;
use ts_rs::TS;

/// Who does a step in the consoles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Persona {
    MarketoAdmin,
    SalesforceAdmin,
    /// Step 2 may be done by either admin.
    MarketoOrSalesforceAdmin,
}

/// How a step gets done: by the app through an API, by an admin in a console with the app verifying the result
/// through Salesforce / Marketo APIs, or by an admin in a console and confirmed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HowDone {
    /// The app does it (sandbox / HTTP route).
    App,
    /// An admin does it in a console; the app reads the result and can check it again at any time.
    Verified,
    /// An admin does it in a console and marks it done here.
    Manual,
    /// An admin does it in a console; the app reads what it can around it, but the key fact no API reads,
    /// so only the admin's confirmation marks it done ("Confirmed by you", never "verified").
    Confirmed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepKind {
    Prerequisite,
    Step,
}

/// A text in both languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized {
    pub en: &'static str,
    pub es: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct StepDefinition {
    pub id: &'static str,
    pub kind: StepKind,
    pub persona: Persona,
    pub depends_on: &'static [&'static str],
    pub how: HowDone,
    /// Done in the Sales account: by the app on the HTTP route, by the admin in its console otherwise.
    pub in_sales_account: bool,
    pub title: Localized,
    pub what: Localized,
    pub why: Localized,
    pub console_path: Localized,
}

const fn l(en: &'static str, es: &'static str) -> Localized {
    Localized { en, es }
}

/// The plan, in display order.
pub const STEPS: &[StepDefinition] = &[
    StepDefinition {
        id: "p1",
        kind: StepKind::Prerequisite,
        persona: Persona::MarketoAdmin,
        depends_on: &[],
        in_sales_account: false,
        how: HowDone::Confirmed,
        title: l("MSI Actions is enabled", "MSI Actions está habilitado"),
        what: l(
            "Confirm with your customer success manager (or Marketo Support) that MSI Actions is enabled for your Marketo subscription.",
            "Confirme con su gestor de éxito del cliente (o con el soporte de Marketo) que MSI Actions está habilitado en su suscripción de Marketo.",
        ),
        why: l(
            "Without it, the Sales Insight › Actions Config page does not exist and no step below can be done.",
            "Sin ello, la página Sales Insight › Configuración de acciones no existe y no se puede hacer ningún paso.",
        ),
        console_path: l("Marketo › Admin › Sales Insight › Actions Config", "Marketo › Administrador › Sales Insight › Configuración de acciones"),
    },
    StepDefinition {
        id: "p2",
        kind: StepKind::Prerequisite,
        persona: Persona::MarketoAdmin,
        depends_on: &[],
        in_sales_account: false,
        how: HowDone::Confirmed,
        title: l("Marketo ↔ Salesforce sync is running", "La sincronización Marketo ↔ Salesforce funciona"),
        what: l(
            "Check that the native Salesforce sync of Marketo is configured and running without errors, and name the Salesforce user the sync runs as (shown in Marketo's Salesforce sync settings) so the app can check that user.",
            "Compruebe que la sincronización nativa de Marketo con Salesforce está configurada y funciona sin errores, e indique el usuario de Salesforce con el que funciona la sincronización (aparece en la configuración de sincronización con Salesforce de Marketo) para que la aplicación compruebe ese usuario.",
        ),
        why: l(
            "MSI Actions only brings in people who exist in both Marketo and Salesforce and have a Salesforce owner.",
            "MSI Actions solo incorpora personas que existen en Marketo y en Salesforce y que tienen un propietario en Salesforce.",
        ),
        console_path: l("Marketo › Admin › Salesforce › Sync", "Marketo › Administrador › Salesforce › Sincronización"),
    },
    StepDefinition {
        id: "1",
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &["p1", "p2"],
        in_sales_account: false,
        how: HowDone::Manual,
        title: l("Set up the Marketo Sales account", "Configurar la cuenta de ventas de Marketo"),
        what: l(
            "Pick the first admin (or the first few, at most 3) from the list of Marketo admins and press Send invitation. Each receives an email with the steps to get access. Everyone else is invited in step 5, never from Marketo.",
            "Seleccione el primer administrador (o los primeros, como máximo 3) de la lista de administradores de Marketo y pulse Enviar invitación. Cada uno recibe un correo con los pasos para obtener acceso. Al resto se le invita en el paso 5, nunca desde Marketo.",
        ),
        why: l(
            "This creates the Sales account. Never delete the first-invited user: once the data sync has started, the account depends on them.",
            "Así se crea la cuenta de ventas. No elimine nunca al primer usuario invitado: una vez iniciada la sincronización de datos, la cuenta depende de él.",
        ),
        console_path: l("Marketo › Admin › Sales Insight › Actions Config › Send invitation", "Marketo › Administrador › Sales Insight › Configuración de acciones › Enviar invitación"),
    },
    StepDefinition {
        id: "2",
        kind: StepKind::Step,
        persona: Persona::MarketoOrSalesforceAdmin,
        depends_on: &["1"],
        in_sales_account: true,
        how: HowDone::Manual,
        title: l("Connect the Sales account to Salesforce", "Conectar la cuenta de ventas con Salesforce"),
        what: l(
            "In the Sales account open Settings › Salesforce, tab Connections and customizations, press Connect, then OK. Sign in to Salesforce if asked.",
            "En la cuenta de ventas abra Configuración › Salesforce, pestaña Conexiones y personalizaciones, pulse Conectar y después OK. Inicie sesión en Salesforce si se le pide.",
        ),
        why: l(
            "The Sales account writes emails and calls back to Salesforce and signs users in through it.",
            "La cuenta de ventas registra correos y llamadas en Salesforce y permite iniciar sesión a través de él.",
        ),
        console_path: l("Sales account › gear › Settings › Salesforce › Connections and customizations › Connect", "Cuenta de ventas › engranaje › Configuración › Salesforce › Conexiones y personalizaciones › Conectar"),
    },
    StepDefinition {
        id: "3",
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &["1"],
        in_sales_account: true,
        how: HowDone::Manual,
        title: l("Connect Marketo to the Sales account", "Conectar Marketo con la cuenta de ventas"),
        what: l(
            "In the Sales account open Settings › Marketo and press Connect. If it fails, copy the Munchkin ID, Client ID and Client Secret shown on Marketo's Admin › Sales Insight › Actions Config tab (generated by Marketo for MSI Actions — not a LaunchPoint service) and paste them in the Set Up tab.",
            "En la cuenta de ventas abra Configuración › Marketo y pulse Conectar. Si falla, copie el Munchkin ID, el Client ID y el Client Secret que muestra la pestaña Administrador › Sales Insight › Configuración de acciones de Marketo (generados por Marketo para MSI Actions, no un servicio de LaunchPoint) y péguelos en la pestaña Configurar.",
        ),
        why: l(
            "The Sales account reads people and writes activities to Marketo through this connection.",
            "La cuenta de ventas lee personas y escribe actividades en Marketo a través de esta conexión.",
        ),
        console_path: l("Sales account › gear › Settings › Marketo › Connect", "Cuenta de ventas › engranaje › Configuración › Marketo › Conectar"),
    },
    StepDefinition {
        id: "4",
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &["2", "3"],
        in_sales_account: false,
        how: HowDone::Manual,
        title: l("Start the data sync", "Iniciar la sincronización de datos"),
        what: l(
            "On the Action Field Sync card press Sync, review the preview of the fields and press Start sync.",
            "En la tarjeta de sincronización de campos de acción pulse Sincronizar, revise la vista previa de los campos y pulse Iniciar sincronización.",
        ),
        why: l(
            "People present in both Marketo and Salesforce are copied into the Sales account; without the sync sellers see nobody.",
            "Las personas presentes en Marketo y en Salesforce se copian en la cuenta de ventas; sin la sincronización los vendedores no ven a nadie.",
        ),
        console_path: l("Marketo › Admin › Sales Insight › Actions Config › Action Field Sync › Sync", "Marketo › Administrador › Sales Insight › Configuración de acciones › Sincronización de campos de acción › Sincronizar"),
    },
    StepDefinition {
        id: "5",
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &["1"],
        in_sales_account: true,
        how: HowDone::App,
        title: l("Invite users to MSI Actions", "Invitar usuarios a MSI Actions"),
        what: l(
            "Enter the email addresses of the sellers to invite, choose their team and press Invite. New members join the team Everyone by default.",
            "Introduzca las direcciones de correo de los vendedores que quiere invitar, elija su equipo y pulse Invitar. Los miembros nuevos se añaden al equipo Todos de forma predeterminada.",
        ),
        why: l(
            "Each seller needs an invitation to use MSI Actions; the app checks every address first and keeps a record until it is accepted.",
            "Cada vendedor necesita una invitación para usar MSI Actions; la aplicación comprueba cada dirección antes y guarda un registro hasta que se acepta.",
        ),
        console_path: l("Sales account › gear › Settings › User Management › Actions › Invite users", "Cuenta de ventas › engranaje › Configuración › Administración de usuarios › Acciones › Invitar usuarios"),
    },
    StepDefinition {
        id: "6",
        kind: StepKind::Step,
        persona: Persona::SalesforceAdmin,
        depends_on: &[],
        in_sales_account: false,
        how: HowDone::Verified,
        title: l("Install or upgrade the MSI package", "Instalar o actualizar el paquete MSI"),
        what: l(
            "Install the managed package Marketo Sales Insight from AppExchange (or upgrade it to version 1.8000 or later), for Admins Only.",
            "Instale el paquete gestionado Marketo Sales Insight desde AppExchange (o actualícelo a la versión 1.8000 o posterior), solo para administradores.",
        ),
        why: l(
            "The package puts MSI Actions inside Salesforce; version 1.8000 brings the Marketo App Access permission set.",
            "El paquete integra MSI Actions en Salesforce; la versión 1.8000 incluye el conjunto de permisos Marketo App Access.",
        ),
        console_path: l("Salesforce › Setup › Installed Packages (AppExchange: Marketo Sales Insight)", "Salesforce › Configuración › Paquetes instalados (AppExchange: Marketo Sales Insight)"),
    },
    StepDefinition {
        id: "7",
        kind: StepKind::Step,
        persona: Persona::SalesforceAdmin,
        depends_on: &["6"],
        in_sales_account: false,
        how: HowDone::Confirmed,
        title: l("Configure MSI Actions in Salesforce", "Configurar MSI Actions en Salesforce"),
        what: l(
            "Add Remote Site Settings for https://ims-na1.adobelogin.com and https://mkto-sales-connect.adobe.io, then on the Marketo Sales Insight Config tab tick Enable MSI Actions, enter the API secret key and save.",
            "Añada en Remote Site Settings https://ims-na1.adobelogin.com y https://mkto-sales-connect.adobe.io; después, en la pestaña Marketo Sales Insight Config, marque Enable MSI Actions, introduzca la clave secreta de la API y guarde.",
        ),
        why: l(
            "Without the remote sites and the enable switch, MSI Actions panels in Salesforce stay empty.",
            "Sin los sitios remotos y la casilla de activación, los paneles de MSI Actions en Salesforce quedan vacíos.",
        ),
        console_path: l("Salesforce › Setup › Remote Site Settings; All Tabs › Marketo Sales Insight Config", "Salesforce › Configuración › Remote Site Settings; Todas las fichas › Marketo Sales Insight Config"),
    },
];

/// Looks a step up by id ("p1", "p2", "1" … "7").
pub fn find(id: &str) -> Option<&'static StepDefinition> {
    STEPS.iter().find(|step| step.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn plan_has_two_prerequisites_and_seven_steps_in_order() {
        let ids: Vec<_> = STEPS.iter().map(|s| s.id).collect();
        assert_eq!(ids, ["p1", "p2", "1", "2", "3", "4", "5", "6", "7"]);
        assert_eq!(STEPS.iter().filter(|s| s.kind == StepKind::Prerequisite).count(), 2);
    }

    #[test]
    fn dependencies_point_backwards_to_known_steps() {
        let mut seen = HashSet::new();
        for step in STEPS {
            for dep in step.depends_on {
                assert!(seen.contains(dep), "step {} depends on {dep}, which is not earlier", step.id);
            }
            seen.insert(step.id);
        }
    }

    #[test]
    fn steps_whose_key_fact_is_a_confirmation_say_so() {
        // No API reads "enabled on the subscription" (P1), the sync's own status (P2) or the package's
        // Config tab (7): the app must not present them as verified.
        for id in ["p1", "p2", "7"] {
            assert_eq!(find(id).map(|s| s.how), Some(HowDone::Confirmed), "step {id}");
        }
        assert_eq!(find("6").map(|s| s.how), Some(HowDone::Verified));
    }

    #[test]
    fn step_1_sends_everyone_but_the_first_admins_to_step_5() {
        let step = find("1").unwrap();
        assert!(step.what.en.contains("step 5") && step.what.es.contains("paso 5"));
        assert!(step.why.en.contains("Never delete the first-invited user"));
        let step3 = find("3").unwrap();
        assert!(step3.what.en.contains("Actions Config") && step3.what.en.contains("not a LaunchPoint"));
    }

    #[test]
    fn every_text_is_written_in_both_languages() {
        for step in STEPS {
            for text in [step.title, step.what, step.why, step.console_path] {
                assert!(!text.en.trim().is_empty() && !text.es.trim().is_empty(), "step {}", step.id);
                assert_ne!(text.en, text.es, "step {} has an untranslated text: {}", step.id, text.en);
            }
        }
    }
}
