package io.labelstream.labeling.rest;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.security.AccessTokens;
import io.labelstream.labeling.security.Caller;
import io.labelstream.labeling.security.CallerResolver;
import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.AccountService;
import io.labelstream.service.errors.Refusal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "People, sessions and service tokens")
public class AccountResource {

    private static final Pattern TOKEN_NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    private final AccountService accounts;
    private final AccessTokens tokens;
    private final CallerResolver callers;
    private final LabelingConfig config;

    AccountResource(final AccountService accounts, final AccessTokens tokens, final CallerResolver callers,
            final LabelingConfig config) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.callers = callers;
        this.config = config;
    }

    public record Session(String token, Instant expiresAt) {
    }

    public record NewServiceToken(String name) {
    }

    public record ServiceToken(String name, String token) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/accounts")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Create a labeler or admin account")
    public Response create(final AccountService.NewAccount request) {
        return Response.status(Response.Status.CREATED).entity(accounts.create(request)).build();
    }

    @GET
    @Path("/accounts")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "All accounts")
    public List<AccountService.AccountView> list() {
        return accounts.all();
    }

    @GET
    @Path("/me")
    @RolesAllowed({Role.LABELER, Role.ADMIN})
    @Operation(summary = "The logged-in account")
    public AccountService.AccountView me() {
        final Caller caller = callers.current();
        return new AccountService.AccountView(caller.username(), caller.role(), caller.pseudonym(), true);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/me/password")
    @RolesAllowed({Role.LABELER, Role.ADMIN})
    @Operation(summary = "Change your own password, giving the current one; every session of yours ends")
    public Response changeOwnPassword(final AccountService.PasswordChange request) {
        accounts.changeOwnPassword(callers.current(), request);
        return Response.noContent().build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/accounts/{username}/password")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Set an active account's password; its sessions end")
    public Response setPassword(@PathParam("username") final String username,
            final AccountService.NewPassword request) {
        accounts.setPassword(username, request);
        return Response.noContent().build();
    }

    @POST
    @Path("/accounts/{username}/deactivation")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Deactivate an account: its sessions end and it cannot log in; its labels stay")
    public AccountService.AccountView deactivate(@PathParam("username") final String username) {
        return accounts.deactivate(username, callers.current());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/accounts/{username}/activation")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Let a deactivated account log in again, with a new password")
    public AccountService.AccountView activate(@PathParam("username") final String username,
            final AccountService.NewPassword request) {
        return accounts.activate(username, request);
    }

    @POST
    @Path("/sessions")
    @RolesAllowed({Role.LABELER, Role.ADMIN})
    @Operation(summary = "Exchange a password login (HTTP Basic) for a bearer token",
            description = "The password is checked once here (bcrypt); later requests send the token.")
    public Response login() {
        final Caller caller = callers.current();
        final String token = tokens.openSession(caller.accountId(), config.security().sessionLifetime());
        return Response.status(Response.Status.CREATED)
                .entity(new Session(token, Instant.now().plus(config.security().sessionLifetime()))).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/service-tokens")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Issue a token for a machine caller; it is shown only in this response")
    public Response serviceToken(final NewServiceToken request) {
        if (request == null || request.name() == null || !TOKEN_NAME.matcher(request.name()).matches()) {
            throw Refusal.invalid("The service token request is not valid",
                    List.of("name: lower-case letters, digits and -, 2 to 63 characters, starting with a letter"));
        }
        return Response.status(Response.Status.CREATED)
                .entity(new ServiceToken(request.name(), tokens.issueServiceToken(request.name()))).build();
    }
}
