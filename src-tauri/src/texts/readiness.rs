//! The people-readiness CSV export (checks/readiness.rs): its column headers and cell words.

super::texts! {
    EMAIL = ("Email", "Correo electrónico");
    NAME = ("Name", "Nombre");
    INVITATION = ("Invitation", "Invitación");
    SALESFORCE_USER = ("Salesforce user", "Usuario de Salesforce");
    ACTIVE = ("Active", "Activo");
    API_ENABLED = ("API Enabled", "API Enabled");
    PERMISSION_SET = ("Permission set", "Conjunto de permisos");
    OBJECT_READ = ("Object read", "Lectura de objetos");
    IN_MARKETO = ("In Marketo", "En Marketo");
    ACTIVATED = ("Activated", "Activado");
    GAPS = ("Gaps", "Pendiente");
    NOT_CHECKED = ("not checked", "sin comprobar");
    YES = ("yes", "sí");
    NO = ("no", "no");
}

/// The export's columns, in order.
pub const HEADER: [super::Localized; 11] =
    [EMAIL, NAME, INVITATION, SALESFORCE_USER, ACTIVE, API_ENABLED, PERMISSION_SET, OBJECT_READ, IN_MARKETO, ACTIVATED, GAPS];
